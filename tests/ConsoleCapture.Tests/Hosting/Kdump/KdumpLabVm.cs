using System.Diagnostics;
using System.Text;
using SolWatch.ConsoleCapture.Tests.Collectors.Support;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Hosting.Kdump;

/// <summary>
/// The lab VM of one <see cref="KdumpLabCase"/>, booted as kdump-demo.sh boots it (boot.sh with the kdump initramfs,
/// 512M, crashkernel=, panic=5, a fresh ext4 dump disk) but with ttyS0 on a TCP socket qemu listens on, as a console
/// server exports a serial port. qemu holds the guest until a client (the daemon's tcp console) connects
/// (<c>wait=on</c>), so the console sees both kernels from the first line, and keeps a copy of everything the guest
/// printed in <see cref="LogPath"/> (the chardev's <c>logfile=</c>): the evidence of the run, whatever the daemon made
/// of it. kdump-demo.sh itself cannot be used: it hard-wires ttyS0 to a file.
/// </summary>
internal sealed class KdumpLabVm : IAsyncDisposable
{
    /// <summary>Makes the dump disk (e2fsprogs).</summary>
    public const string MkfsExt4 = "mkfs.ext4";

    /// <summary>Reads files out of the dump disk (e2fsprogs).</summary>
    public const string Debugfs = "debugfs";

    private readonly PeerProcess _qemu;

    private KdumpLabVm(PeerProcess qemu, string logPath, string? diskImage)
    {
        _qemu = qemu;
        LogPath = logPath;
        DiskImage = diskImage;
    }

    /// <summary>Everything the guest wrote on ttyS0 (both kernels).</summary>
    public string LogPath { get; }

    /// <summary>The dump disk (an ext4 image), or null without one.</summary>
    public string? DiskImage { get; }

    public bool HasExited => _qemu.HasExited;

    /// <summary>qemu's own output (errors; the guest's console is on the socket).</summary>
    public string Output => _qemu.Output;

    /// <summary>Starts qemu listening on 127.0.0.1:<paramref name="port"/>; the guest runs once a client connects.</summary>
    public static async Task<KdumpLabVm> StartAsync(string labWork, KdumpLabCase run, int port)
    {
        string dir = Path.Combine(labWork, "kdump", "daemon-" + run.Name);
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(Path.Combine(labWork, "logs"));
        string log = Path.Combine(labWork, "logs", $"daemon-{run.Name}.log");
        File.Delete(log);
        var qemuArgs = new List<string> { "-chardev", $"socket,id=ttyS0,host=127.0.0.1,port={port},server=on,wait=on,logfile={log}" };
        string? image = null;
        if (run.HasDisk)
        {
            image = Path.Combine(dir, "dump.img");
            File.Delete(image);
            await using (FileStream f = File.Create(image))
            {
                f.SetLength(256L << 20); // sparse, as kdump-demo.sh's truncate -s 256M
            }
            await RunAsync(MkfsExt4, "-q", "-F", "-L", "kdump", image);
            qemuArgs.AddRange(["-drive", $"file={image},format=raw,if=virtio"]);
        }
        var env = new Dictionary<string, string>
        {
            ["LAB_WORK"] = labWork,
            ["MEM"] = "512M",
            ["CRASH"] = run.Crash,
            ["DELAY"] = "0",
            ["PANIC"] = "5",
            ["NOREBOOT"] = "1",
            ["SERIAL"] = "chardev:ttyS0",
            ["INITRD"] = Path.Combine(labWork, "out", "initramfs-kdump.cpio.gz"),
            ["APPEND_EXTRA"] = LabKernel.With(run.Append),
        };
        PeerProcess qemu = PeerProcess.Start("bash", [Path.Combine(RepoPaths.Lab, "boot.sh"), .. qemuArgs], env);
        return new KdumpLabVm(qemu, log, image);
    }

    /// <summary>Waits until qemu exits (the last kernel rebooted or panicked with -no-reboot); false at the timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!_qemu.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }
        return _qemu.HasExited;
    }

    /// <summary>A file pulled out of a dump disk, and the listing of its directory there (for failure messages).</summary>
    public sealed record DiskFile(byte[]? Bytes, string Listing);

    /// <summary>
    /// The file at <paramref name="path"/> inside the ext4 image <paramref name="disk"/>, read with debugfs as
    /// kdump-demo.sh pulls the vmcore out; <see cref="DiskFile.Bytes"/> is null when the image has no such file.
    /// </summary>
    public static async Task<DiskFile> ReadFromDiskAsync(string disk, string path)
    {
        string to = disk + ".file";
        File.Delete(to);
        try
        {
            await RunAsync(Debugfs, "-R", $"dump {path} {to}", disk);
            string listing = await RunAsync(Debugfs, "-R", $"ls -l {Path.GetDirectoryName(path)}", disk);
            return new DiskFile(File.Exists(to) && new FileInfo(to).Length > 0 ? await File.ReadAllBytesAsync(to) : null, listing);
        }
        finally
        {
            File.Delete(to);
        }
    }

    public async ValueTask DisposeAsync() => await _qemu.DisposeAsync();

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        string path = Peers.Find(program) ?? throw new InvalidOperationException($"{program} is not installed ({Peers.Missing([program])})");
        var psi = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using Process p = Process.Start(psi)!;
        Task<string> so = p.StandardOutput.ReadToEndAsync();
        Task<string> se = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        string output = new StringBuilder(await so).Append(await se).ToString();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)} failed ({p.ExitCode}): {output}");
        return output;
    }
}

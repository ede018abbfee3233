using System.Globalization;
using SolWatch.ConsoleCapture.Kdump;
using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Kdump;

/// <summary>The kdump host client against a real sshd: the audit's checks, the pinned host key, and the dmesg fetch.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KdumpHostSshTests(KdumpHostServer host) : IClassFixture<KdumpHostServer>
{
    private const string OtherKey = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_audit_reports_each_check_from_this_machines_own_kernel_and_the_dump_directory()
    {
        KdumpAuditReport report = await KdumpAudit.RunAsync("node1", host.Options, CancellationToken.None);

        Assert.Equal(["kexec_crash_loaded", "crashkernel", "kernel.panic", "kernel.panic_on_oops", "dump directory", "free space"],
            report.Checks.Select(c => c.Name));
        KdumpCheck Check(string name) => report.Checks.Single(c => c.Name == name);
        // This machine's own files are the oracle (a container has no kexec files at all: that is a failure too).
        string loaded = File.Exists("/sys/kernel/kexec_crash_loaded") ? File.ReadAllText("/sys/kernel/kexec_crash_loaded").Trim() : "missing";
        Assert.Equal(loaded == "1" ? KdumpCheckStatus.Ok : KdumpCheckStatus.Fail, Check("kexec_crash_loaded").Status);
        if (loaded == "missing")
        {
            // cat's own complaint, not what the login printed before it (the test user has no home directory).
            Assert.Contains("/sys/kernel/kexec_crash_loaded: No such file or directory", Check("kexec_crash_loaded").Reason, StringComparison.Ordinal);
        }
        long reserved = File.Exists("/sys/kernel/kexec_crash_size") ? long.Parse(File.ReadAllText("/sys/kernel/kexec_crash_size").Trim(), CultureInfo.InvariantCulture) : 0;
        Assert.Equal(reserved > 0 ? KdumpCheckStatus.Ok : KdumpCheckStatus.Fail, Check("crashkernel").Status);
        int panic = int.Parse(File.ReadAllText("/proc/sys/kernel/panic").Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(panic == 0 ? KdumpCheckStatus.Warn : KdumpCheckStatus.Ok, Check("kernel.panic").Status);
        Assert.StartsWith(panic.ToString(CultureInfo.InvariantCulture) + ":", Check("kernel.panic").Reason, StringComparison.Ordinal);
        int onOops = int.Parse(File.ReadAllText("/proc/sys/kernel/panic_on_oops").Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(onOops == 0 ? KdumpCheckStatus.Warn : KdumpCheckStatus.Ok, Check("kernel.panic_on_oops").Status);
        // Mode 0700 as wanted, but owned by the login user rather than root.
        Assert.Equal(KdumpCheckStatus.Warn, Check("dump directory").Status);
        Assert.Contains($"mode 0700 but owner {Ssh.SshdServer.TestUser}", Check("dump directory").Reason, StringComparison.Ordinal);
        // Free space against 1.5x RAM (this machine has neither kdump.conf nor kdump-tools, so no filter is known).
        long memTotal = KdumpAuditRules.MemTotal(File.ReadAllText("/proc/meminfo"))!.Value;
        long free = new DriveInfo(host.DumpDir).AvailableFreeSpace;
        bool configured = File.Exists("/etc/kdump.conf") || File.Exists("/etc/default/kdump-tools");
        if (!configured && Math.Abs(free - (memTotal * 1.5)) > 1L << 30)
        {
            Assert.Equal(free >= memTotal * 1.5 ? KdumpCheckStatus.Ok : KdumpCheckStatus.Fail, Check("free space").Status);
            Assert.Contains($"RAM {DumpSpaceRule.Size(memTotal)}", Check("free space").Reason, StringComparison.Ordinal);
            Assert.Contains("so 1.5× RAM", Check("free space").Reason, StringComparison.Ordinal);
        }
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_host_presenting_another_key_than_the_pinned_one_is_refused_before_login()
    {
        int logins = Logins();
        KdumpAuditReport report = await KdumpAudit.RunAsync("node1", host.Options with { HostKeySha256 = OtherKey }, CancellationToken.None);

        KdumpCheck only = Assert.Single(report.Checks);
        Assert.Equal(("connect", KdumpCheckStatus.Fail), (only.Name, only.Status));
        Assert.Contains("host key mismatch", only.Reason, StringComparison.Ordinal);
        Assert.Contains(host.Server.HostKeyFingerprint, only.Reason, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(logins, Logins());
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Without_a_pinned_host_key_no_connection_is_made_and_the_reason_says_how_to_pin_one()
    {
        int before = Connections();

        KdumpAuditReport report = await KdumpAudit.RunAsync("node1", host.Options with { HostKeySha256 = null }, CancellationToken.None);

        KdumpCheck only = Assert.Single(report.Checks);
        Assert.Equal(KdumpCheckStatus.Fail, only.Status);
        Assert.Contains("no hostKey pinned, so SolWatch never connects", only.Reason, StringComparison.Ordinal);
        Assert.Contains($"solwatch ssh-fingerprint 127.0.0.1 --port {host.Server.Port}", only.Reason, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Equal(before, Connections());
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task The_dmesg_beside_the_vmcore_the_console_named_is_fetched_even_when_another_dump_is_newer()
    {
        using KdumpHostConnection connection = await KdumpHostConnection.ConnectAsync(host.Options, CancellationToken.None);

        // The capture kernel saved to /mnt/crash/<dir>/ (its own mount); on the running host that is <dumpDir>/<dir>/.
        VmcoreDmesgFetcher.Fetched file = await VmcoreDmesgFetcher.FetchAsync(connection, host.Options, DateTimeOffset.UtcNow.AddMinutes(-5),
            $"/mnt/crash/{KdumpHostServer.LabDumpName}/vmcore", CancellationToken.None);

        Assert.Equal($"{host.DumpDir}/{KdumpHostServer.LabDumpName}/vmcore-dmesg.txt", file.Path);
        Assert.Equal(host.LabDmesg, file.Text);
        Assert.Contains("Kernel panic - not syncing: sysrq triggered crash", file.Text, StringComparison.Ordinal);
        Assert.False(file.Truncated);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task Without_a_named_path_the_newest_dmesg_written_after_the_crash_is_fetched_and_none_after_it_is_an_error()
    {
        using KdumpHostConnection connection = await KdumpHostConnection.ConnectAsync(host.Options, CancellationToken.None);

        VmcoreDmesgFetcher.Fetched newest = await VmcoreDmesgFetcher.FetchAsync(connection, host.Options, DateTimeOffset.UtcNow.AddMinutes(-5), null, CancellationToken.None);
        Assert.Equal($"{host.DumpDir}/202612050410/dmesg.202612050410", newest.Path);
        Assert.Equal("[    0.000000] a kdump-tools dump\n", newest.Text);

        KdumpHostException none = await Assert.ThrowsAsync<KdumpHostException>(() =>
            VmcoreDmesgFetcher.FetchAsync(connection, host.Options, DateTimeOffset.UtcNow.AddHours(1), null, CancellationToken.None));
        Assert.Contains("none of the 3 dmesg files", none.Message, StringComparison.Ordinal);
        Assert.False(none.Retry);
    }

    [PeerFact("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/python3", Peers.Root)]
    public async Task A_wrong_password_is_a_login_refusal_that_waiting_cannot_fix()
    {
        KdumpHostException e = await Assert.ThrowsAsync<KdumpHostException>(() => KdumpHostConnection.ConnectAsync(
            host.Options with { PrivateKey = null, PrivateKeyPassphrase = null, Password = "not-" + host.Server.Password }, CancellationToken.None));

        Assert.Contains($"login as \"{Ssh.SshdServer.TestUser}\" was refused", e.Message, StringComparison.Ordinal);
        Assert.False(e.Retry);
    }

    // The fixture is shared: logins of the other tests are counted before and after.
    private int Logins() =>
        host.Server.Log.Split('\n').Count(l => l.Contains("Accepted ", StringComparison.Ordinal));

    private int Connections() =>
        host.Server.Log.Split('\n').Count(l => l.Contains("Connection from 127.0.0.1", StringComparison.Ordinal));
}

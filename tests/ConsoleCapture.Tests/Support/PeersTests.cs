using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Support;

/// <summary>Integration tests whose real peer is not installed are skipped with the install hint, not failed.</summary>
public sealed class PeersTests : IDisposable
{
    private readonly string _empty = Directory.CreateTempSubdirectory("solwatch-peers-").FullName;

    public void Dispose() => Directory.Delete(_empty, recursive: true);

    [Fact]
    public void A_program_missing_from_the_path_is_named_with_its_package_and_the_ci_hint()
    {
        Assert.Equal(
            "needs socat, ipmi_sim (not installed here): apt-get install socat openipmi, or run .ci/run which installs them",
            Peers.Missing(["socat", "ipmi_sim"], searchPath: _empty));
    }

    [Fact]
    public void A_program_on_the_path_is_not_missing()
    {
        File.WriteAllText(Path.Combine(_empty, "socat"), "#!/bin/sh\n");
        Assert.Null(Peers.Missing(["socat"], searchPath: _empty));
        Assert.Null(Peers.Missing(["/bin/sh"]));
    }

    [Fact]
    public void The_lab_vm_without_a_kernel_in_boot_asks_for_the_kernel_packages()
    {
        string? missing = Peers.Missing([Peers.LabVm], bootDirectory: _empty);

        Assert.NotNull(missing);
        Assert.Contains("a kernel in /boot", missing, StringComparison.Ordinal);
        Assert.Contains("linux-image-amd64 linux-headers-amd64", missing, StringComparison.Ordinal);
    }

    [Fact]
    public void Root_is_a_peer_only_root_has()
    {
        Assert.Equal(Environment.IsPrivilegedProcess, Peers.Missing([Peers.Root]) is null);
    }

    [Fact]
    public void A_fact_whose_peer_is_missing_is_skipped_at_discovery_with_the_hint_and_one_whose_peer_is_present_runs()
    {
        Assert.StartsWith("needs solwatch-no-such-peer (not installed here): apt-get install solwatch-no-such-peer, or run .ci/run",
            new PeerFactAttribute("solwatch-no-such-peer").Skip, StringComparison.Ordinal);
        Assert.Null(new PeerFactAttribute("/bin/sh").Skip);
        Assert.NotNull(new PeerTheoryAttribute("solwatch-no-such-peer").Skip);
    }
}

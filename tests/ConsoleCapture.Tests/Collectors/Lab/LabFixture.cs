using SolWatch.TestSupport;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Lab;

/// <summary>
/// The shared lab (../shared/lab) with this test project's own LAB_WORK; setup.sh (idempotent) runs once
/// before the first lab test. Lab tests share one collection so that no two VMs or BMCs run at once on the
/// loaded CI machine.
/// </summary>
public sealed class LabFixture : IAsyncLifetime
{
    /// <summary>LAB_WORK of the collectors' tests.</summary>
    public string WorkDir { get; } = LabScripts.WorkDir("collectors");

    public async Task InitializeAsync()
    {
        if (Peers.Missing([Peers.LabVm]) is not null)
        {
            return; // the tests that need the VM are skipped (PeerFact); setup.sh would try to apt-get install it
        }
        Assert.True(Directory.Exists(RepoPaths.Lab), $"the lab is missing: {RepoPaths.Lab} (clone ../shared beside the repository)");
        (int exit, string output) = await LabScripts.RunAsync(WorkDir, "setup.sh", [], timeout: TimeSpan.FromMinutes(10));
        Assert.True(exit == 0, $"lab setup.sh failed ({exit}):\n{output}");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs a lab script with this LAB_WORK; fails the test on a non-zero exit.</summary>
    public async Task<string> RunAsync(string script, params string[] args)
    {
        (int exit, string output) = await LabScripts.RunAsync(WorkDir, script, args, timeout: TimeSpan.FromMinutes(2));
        Assert.True(exit == 0, $"lab {script} {string.Join(' ', args)} failed ({exit}):\n{output}");
        return output;
    }
}

[CollectionDefinition(Name)]
public sealed class CollectorsLabGroup : ICollectionFixture<LabFixture>
{
    public const string Name = "collectors lab";
}

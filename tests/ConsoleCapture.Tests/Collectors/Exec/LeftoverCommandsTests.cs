using System.Diagnostics;
using SolWatch.ConsoleCapture.Collectors.Exec;

namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

/// <summary>Commands left running by a daemon that is gone are found by their owner mark and ended; others are not.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[Collection(RunAloneWithLeftovers.Name)]
public sealed class LeftoverCommandsTests
{
    [Fact]
    public async Task A_command_whose_daemon_is_gone_is_found_and_ended()
    {
        // The pid of this test process with another start time: what a dead daemon's pid, reused since, looks like.
        Assert.True(ExecOwner.TryParse(ExecOwner.OfThisProcess!, out int pid, out long start));
        string gone = $"{pid}:{start + 1}";
        using Process sleeper = Sleep(gone);

        LeftoverCommands.Leftover found = Assert.Single(LeftoverCommands.Find(), l => l.Pid == sleeper.Id);
        Assert.Equal("sleep", found.Program);
        Assert.Equal(gone, found.Owner);

        IReadOnlyList<LeftoverCommands.Leftover> left = await LeftoverCommands.EndAsync([found], TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.Empty(left);
        Assert.True(sleeper.WaitForExit(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void A_command_whose_daemon_still_runs_is_left_alone()
    {
        using Process sleeper = Sleep(ExecOwner.OfThisProcess!);
        try
        {
            Assert.DoesNotContain(LeftoverCommands.Find(), l => l.Pid == sleeper.Id);
        }
        finally
        {
            sleeper.Kill();
        }
    }

    [Fact]
    public void A_process_without_the_mark_or_with_a_mark_that_is_not_one_is_never_a_leftover()
    {
        using Process unmarked = Sleep(null);
        using Process garbled = Sleep("not-a-pid:and-not-a-time");
        try
        {
            IReadOnlyList<LeftoverCommands.Leftover> found = LeftoverCommands.Find();
            Assert.DoesNotContain(found, l => l.Pid == unmarked.Id);
            Assert.DoesNotContain(found, l => l.Pid == garbled.Id);
        }
        finally
        {
            unmarked.Kill();
            garbled.Kill();
        }
    }

    [Fact]
    public void An_exec_consoles_command_carries_the_mark_of_the_daemon_that_started_it_whatever_its_own_variables_say()
    {
        var options = new ExecCollectorOptions(["env"], environment: new Dictionary<string, string> { [ExecOwner.Variable] = "1:1" });

        IReadOnlyDictionary<string, string> env = ExecEnvironment.For(options, new Dictionary<string, string> { ["PATH"] = "/bin" });

        Assert.Equal(ExecOwner.OfThisProcess, env[ExecOwner.Variable]);
    }

    private static Process Sleep(string? owner)
    {
        var psi = new ProcessStartInfo("sleep", ["600"]) { UseShellExecute = false };
        if (owner is not null)
        {
            psi.Environment[ExecOwner.Variable] = owner;
        }
        return Process.Start(psi)!;
    }
}

using Pidgin;
using SolWatch.Parsers.Grammar;

namespace SolWatch.Parsers.Tests.Grammar;

public class TaskLineGrammarTests
{
    [Fact]
    public void A_tainted_task_line_gives_cpu_pid_comm_taint_and_release()
    {
        Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse("CPU: 0 PID: 91 Comm: sh Tainted: G           OE      6.1.0-56-amd64 #1  Debian 6.1.192-2");
        Assert.True(r.Success);
        Assert.Equal(new ParsedTask(0, 91, "sh", "OE", "6.1.0-56-amd64", false), r.Value);
    }

    [Fact]
    public void The_uid_of_newer_kernels_and_not_tainted_are_understood()
    {
        Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse("CPU: 1 UID: 0 PID: 5982 Comm: syz.0.17 Not tainted 6.17.0-syzkaller #0 PREEMPT(full)");
        Assert.True(r.Success);
        Assert.Equal(new ParsedTask(1, 5982, "syz.0.17", "", "6.17.0-syzkaller", false), r.Value);
    }

    [Fact]
    public void Kdump_loaded_is_noticed()
    {
        Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse("CPU: 0 PID: 1 Comm: init Not tainted 6.1.0-56-amd64 #1  Debian 6.1.192-2 Kdump: loaded");
        Assert.True(r.Value.KdumpLoaded);
    }

    [Fact]
    public void Rhel_kernels_naming_a_loaded_kdump_before_the_taint_keep_their_release()
    {
        const string Line = "CPU: 6 PID: 60182 Comm: stress_client Kdump: loaded Not tainted 4.18.0-541.el8.s390x #1";
        Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse(Line);
        Assert.True(r.Success);
        Assert.Equal(new ParsedTask(6, 60182, "stress_client", "", "4.18.0-541.el8.s390x", true), r.Value);
        Assert.Equal(r.Value, TaskLineGrammar.TryParse(Line));
    }

    [Fact]
    public void Rhel7_dashes_among_the_taint_flags_are_unset_flags_not_the_release()
    {
        const string Line = "CPU: 0 PID: 282859 Comm: dockerd-current Kdump: loaded Tainted: G        W  OE K------------   3.10.0-862.el7.x86_64 #1";
        Assert.Equal(new ParsedTask(0, 282859, "dockerd-current", "WOEK", "3.10.0-862.el7.x86_64", true), TaskLineGrammar.TryParse(Line));
        Assert.Equal(TaskLineGrammar.Line.Parse(Line).Value, TaskLineGrammar.TryParse(Line));
    }

    [Fact]
    public void The_old_pid_comm_form_parses()
    {
        Result<char, ParsedTask> r = TaskLineGrammar.Line.Parse("Pid: 1, comm: swapper Not tainted 2.6.32-431.el6.x86_64 #1");
        Assert.True(r.Success);
        Assert.Equal(1, r.Value.Pid);
        Assert.Equal("swapper", r.Value.Comm);
        Assert.Equal("2.6.32-431.el6.x86_64", r.Value.Release);
    }
}

using SolWatch.Parsers.Reports;
using static SolWatch.Parsers.Tests.DetectorHarness;

namespace SolWatch.Parsers.Tests.Detection;

/// <summary>
/// Real panics: every crash type of the lab kernel (Debian 6.1 under QEMU, ../shared/lab/crash-matrix.sh), captured
/// from its serial console and committed under Fixtures/lab. Each must come out with the right kind, title,
/// instruction-pointer function and panic reason; the types that do not panic as crashes with panicked = false.
/// </summary>
public class LabCaptureTests
{
    [Theory]
    [InlineData("atomicsleep", CrashKind.AtomicContext, "BUG: scheduling while atomic in msleep", "msleep", null, false)]
    [InlineData("bug", CrashKind.Bug, "kernel BUG in lab_set", "lab_set", "Fatal exception", true)]
    [InlineData("divzero", CrashKind.Exception, "divide error in lab_divzero", "lab_divzero", "Fatal exception", true)]
    [InlineData("gpf", CrashKind.Exception, "general protection fault in lab_gpf", "lab_gpf", "Fatal exception", true)]
    [InlineData("hardlockup", CrashKind.RcuStall, "INFO: rcu detected stall in kernfs_fop_write_iter", "lab_set", "RCU Stall", true)]
    [InlineData("hung", CrashKind.HungTask, "INFO: task hung in lab_set", "lab_set", "hung_task: blocked tasks", true)]
    [InlineData("initexit", CrashKind.Panic, "kernel panic: Attempted to kill init!", "do_exit", "Attempted to kill init! exitcode=0x00000100", true)]
    [InlineData("initsegv", CrashKind.Panic, "kernel panic: Attempted to kill init!", "do_exit", "Attempted to kill init! exitcode=0x0000000b", true)]
    [InlineData("irqoops", CrashKind.Oops, "BUG: unable to handle kernel NULL pointer dereference in lab_null", "lab_null", "Fatal exception in interrupt", true)]
    [InlineData("listcorrupt", CrashKind.Corruption, "BUG: corrupted list in lab_listcorrupt", "__list_add_valid", "Fatal exception", true)]
    [InlineData("null", CrashKind.Oops, "BUG: unable to handle kernel NULL pointer dereference in lab_null", "lab_null", "Fatal exception", true)]
    [InlineData("oom", CrashKind.OutOfMemory, "kernel panic: Out of memory: system-wide panic_on_oom is enabled", "clear_user_erms",
        "Out of memory: system-wide panic_on_oom is enabled", true)]
    [InlineData("oominit", CrashKind.OutOfMemory, "kernel panic: System is deadlocked on memory", "clear_user_erms", "System is deadlocked on memory", true)]
    [InlineData("oops", CrashKind.Oops, "BUG: unable to handle kernel NULL pointer dereference in lab_null", "lab_null", null, false)]
    [InlineData("panic", CrashKind.Panic, "kernel panic: labcrash: panic requested", "lab_set", "labcrash: panic requested", true)]
    [InlineData("refcount", CrashKind.Corruption, "WARNING: refcount bug in lab_set", "refcount_warn_saturate", null, false)]
    [InlineData("softlockup", CrashKind.Lockup, "BUG: soft lockup in kernfs_fop_write_iter", "lab_set", "softlockup: hung tasks", true)]
    [InlineData("stackoverflow", CrashKind.Corruption, "BUG: stack guard page was hit in kernfs_fop_write_iter", "lab_recurse", "Fatal exception in interrupt", true)]
    [InlineData("stackprotector", CrashKind.Corruption, "kernel panic: stack is corrupted in lab_stackprotector", "lab_stackprotector",
        "stack-protector: Kernel stack is corrupted in: lab_stackprotector+0x36/0x3f [labcrash]", true)]
    [InlineData("sysrq", CrashKind.Panic, "kernel panic: sysrq triggered crash", "sysrq_handle_crash", "sysrq triggered crash", true)]
    [InlineData("warn", CrashKind.Warning, "WARNING in lab_set", "lab_set", null, false)]
    [InlineData("warnpanic", CrashKind.Warning, "WARNING in lab_set", "lab_set", "kernel: panic_on_warn set ...", true)]
    public void Every_lab_crash_type_is_detected_and_described(string type, CrashKind kind, string title, string ipFunction, string? panicReason, bool panicked)
    {
        List<CrashReport> reports = ScanFile(LabFixture(type + ".log"));
        Assert.NotEmpty(reports);
        CrashReport r = reports[0];
        Assert.Equal(kind, r.Kind);
        Assert.Equal(title, r.Title);
        Assert.Equal(ipFunction, r.Ip?.Function);
        Assert.Equal(panicReason, r.PanicReason);
        Assert.Equal(panicked, r.Panicked);
        Assert.False(r.Corrupted, r.CorruptedReason);
        Assert.Equal("6.1.0-56-amd64", r.Kernel.Release);
        Assert.StartsWith("QEMU Standard PC", r.Hardware, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("oomkill")]
    [InlineData("sysrqtrace")]
    public void Console_output_with_stacks_that_is_not_a_crash_stays_quiet(string type) =>
        Assert.Empty(ScanFile(LabFixture(type + ".log")));
}

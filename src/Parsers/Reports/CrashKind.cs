namespace SolWatch.Parsers.Reports;

/// <summary>The class of a crash, coarse enough to filter and alert on.</summary>
public enum CrashKind
{
    /// <summary><c>Kernel panic - not syncing</c> with no oops before it (OOM panic, killed init, hung-task panic…).</summary>
    Panic,
    /// <summary>A page fault or other exception the kernel could not handle (<c>BUG: unable to handle</c>, <c>Oops</c>, arm <c>Internal error</c>).</summary>
    Oops,
    /// <summary><c>kernel BUG at</c>, <c>invalid opcode</c> from BUG(), and other <c>BUG:</c> reports of broken invariants.</summary>
    Bug,
    /// <summary>x86 <c>general protection fault</c>, <c>stack segment</c>, <c>divide error</c>, double fault.</summary>
    Exception,
    /// <summary><c>WARNING:</c> (WARN_ON and friends); the kernel carries on unless panic_on_warn.</summary>
    Warning,
    /// <summary>Soft or hard lockup detected by the watchdog.</summary>
    Lockup,
    /// <summary><c>INFO: task … blocked for more than</c>: a hung task.</summary>
    HungTask,
    /// <summary><c>INFO: rcu_sched detected stalls</c> and friends.</summary>
    RcuStall,
    /// <summary>A sanitizer report: KASAN, KFENCE, KMSAN, KCSAN, UBSAN, memory leak.</summary>
    Sanitizer,
    /// <summary>Lockdep: possible deadlock, inconsistent lock state, bad unlock balance…</summary>
    Lockdep,
    /// <summary><c>scheduling while atomic</c>, <c>sleeping function called from invalid context</c>.</summary>
    AtomicContext,
    /// <summary>List corruption, stack-protector and stack-guard reports, refcount and ODEBUG bugs.</summary>
    Corruption,
    /// <summary>Out of memory ending in a panic.</summary>
    OutOfMemory,
    /// <summary>A machine check or other hardware error reported by the kernel.</summary>
    MachineCheck,
    /// <summary>A crash of another kind (reboot with no report, user-space fuzzer failures…).</summary>
    Other,
}

using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// Which functions never get the blame (reporting machinery, locking, string and copy helpers, allocators…),
/// and how stalls and hung tasks pick theirs. The names are the kernel's; the lists follow the kernel community's
/// crash-naming practice, so that the same bug gets the same title wherever it is seen.
/// </summary>
internal static partial class FrameFilters
{
    // Options of every pattern set: the generated ones list one alternative per line (whitespace and # comments are
    // not part of the patterns; no pattern holds either).
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions ListedOptions = PatternOptions | RegexOptions.IgnorePatternWhitespace;
    // No match timeout: a timeout counts wall time, so a loaded machine (or the JIT compiling the generated matcher
    // during its first match) made a one-off scan fail with RegexMatchTimeoutException, and it would make titles depend
    // on load. What a timeout guards against, a pattern such as "_once_.*nocheck" backtracking over a hostile console's
    // endless "function name", FunctionSet rules out instead: it never matches a name longer than a kernel symbol can be.
    private const int MatchTimeoutMs = Timeout.Infinite;

    /// <summary>Patterns (regular expressions over the function name, one alternative each): a frame that matches one
    /// is never blamed.</summary>
    /// <remarks>Generated at build time, not parsed and interpreted at run time: a one-off <c>solwatch scan</c> spent
    /// about a twentieth of its time building this expression of 241 alternatives and more running it interpreted on
    /// each new function name.</remarks>
    [GeneratedRegex("""
        __sanitizer | __asan | kasan | __msan | kmsan | kcsan_setup_watchpoint | check_memory_region | check_heap_object |
        check_object | read_word_at_a_time | (read|write)_once_.*nocheck | print_address_description | panic | invalid_op |
        report_bug | fixup_bug | print_report | print_usage_bug | do_error | _trap$|do_trap(?!_ecall) | show_stack | show_trace | dump_stack |
        walk_stack | dump_backtrace | warn_slowpath | warn_alloc | warn_bogus | __warn | alloc_page | k?v?(?:m|z|c)alloc |
        krealloc | kmem_cache | allocate_slab | folio_alloc | filemap_alloc_folio | __filemap_get_folio | find_or_create_page |
        do_read_cache_folio | read_cache_page | pagecache_get_page | grab_cache_page_write_begin | slab_ | debug_object |
        timer_is_static_object | work_is_static_object | __might_fault | print_unlock | imbalance_bug | lockdep | bh_enable |
        bh_disable | perf_trace | lock_acquire | lock_release | lock_class | mark_lock | (reacquire|mark)_held_locks |
        raw_spin_rq | spin_lock | spin_trylock | spin_unlock | read_lock | read_trylock | write_lock | write_trylock |
        read_unlock | write_unlock | ^down$ | down_read | down_write | down_read_trylock | down_write_trylock | down_trylock |
        up_read | up_write | ^mutex_ | ^__mutex_ | ^rt_mutex_ | owner_on_cpu | osq_lock | osq_unlock |
        atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try) | (set|clear|change|test)_bit | __wake_up |
        ^refcount_ | ^kref_ | ref_tracker | seqprop_assert | memcpy | memcmp | memset | memchr | memmove | memdup | strcmp |
        strncmp | strcpy | strlcpy | strncpy | strscpy | strlen | strstr | strnstr | strnlen | strchr | strdup | strndup |
        copy_to_user | copy_from_user | copy_to_iter | copy_from_iter | copy_page_to_iter | copy_page_from_iter |
        copy_folio_to_iter | ^copyin$ | ^copyout$ | put_user | get_user | might_fault | might_sleep | list_add | list_del |
        list_replace | list_move | list_splice | ^rb_ | ^__rb_ | _indirect_thunk_ | string | pointer | snprintf | scnprintf |
        kasprintf | kvasprintf | printk | va_format | dev_info | dev_notice | dev_warn | dev_err | dev_alert | dev_crit |
        dev_emerg | program_check_exception | program_check_common | del_timer | flush_work | __cancel_work_timer |
        cancel_work_sync | try_to_grab_pending | flush_workqueue | drain_workqueue | destroy_workqueue | queue_work |
        finish_wait | kthread_stop | kobject_ | add_uevent_var | get_device_parent | device_add | device_del |
        device_unregister | device_destroy | device_release | devres_release_all | hwrng_unregister | i2c_del_adapter |
        __unregister_client | device_for_each_child | rollback_registered | unregister_netdev | sysfs_remove |
        device_remove_file | tty_unregister_device | dummy_urb_enqueue | usb_kill_urb | usb_kill_anchored_urbs |
        usb_control_msg | usb_hcd_submit_urb | usb_submit_urb | ^complete$ | wait_for_completion | ^kv?free$ | kfree_skb |
        readb$ | readw$ | readl$ | readq$ | writeb$ | writew$ | writel$ | writeq$ | logic_in | logic_out | ^crc\d+ |
        crc_itu_t | __might_resched | assertfail | ^iput$ | ^iput_final$ | ^ihold$ | hex_dump_to_buffer | print_hex_dump |
        ^klist_ | (trace|lockdep)_(hard|soft)irq | ^(un)?lock_page | stack_trace_consume_entry | arch_stack_walk |
        stack_trace_save | insert_work | __queue_delayed_work | queue_delayed_work_on | do_(kernel|translation)_fault |
        do_mem_abort | el1_abort | el1h_64_sync(?:_handler)? | print_tainted | xas_(?:start|load|find) | find_lock_entries |
        truncate_inode_pages_range |
        # Helpers that report for their caller: hash-table lookups, dentry release, folio locks, timers, SRCU teardown,
        # fortified string checks, HWASan checks, the frozen-page allocator.
        ^rhashtable_lookup | ^rht_ | ^dput$ | ^fast_dput$ | ^folio_(un)?lock | lock_timer_base | ^(__)?timer_delete | try_to_del_timer | ^(__)?mod_timer |
        ^sk_(stop|reset)_timer |
        cleanup_srcu_struct | fortify | __hwasan | alloc_frozen_pages |
        # show_trace is 2.6.x's unwinder printing its own frames (x86 show_trace_log_lvl, s390 show_trace from show_stack and
        # dump_stack), as show_stack is.
        # Exception entry and the die() path that prints the report (x86 since 5.8, arm64).
        ^handle_bug$ | ^exc_invalid_op$ | ^asm_exc_ | ^die$ | ^__die | ^oops_end$ | ^unwind_backtrace$ |
        # arm64 SError entry (arch/arm64/kernel/entry.S el1_error up to 5.10, entry-common.c el1h_64_error_handler and
        # entry.S el1h_64_error since 5.12) and traps.c do_serror() -> arm64_serror_panic(): the interrupted frame follows
        # them. add_taint, like print_tainted, is only named as the symbol after panic()'s last call (a noreturn's return
        # address), never a caller. traps.c arm64_is_fatal_ras_serror() grades the ESR and calls arm64_serror_panic() for
        # an uncontainable error (its default case, "Error has been silently propagated"), so it stands between do_serror
        # and the panic in such traces.
        ^el1_error$ | ^el1h_64_error(?:_handler)?$ | ^do_serror$ | ^add_taint$ | ^arm64_is_fatal_ras_serror$
        """, ListedOptions, MatchTimeoutMs)]
    private static partial Regex Common();

    /// <summary>The common patterns (tests: the words <see cref="RequiredLiterals"/> reads from them).</summary>
    internal static Regex CommonPatterns => Common();

    private static readonly ConditionalWeakTable<StackSpec, FunctionSet> SpecSkips = [];

    // Every frame of every report is asked about: the common set remembers many names. A rule's own skips and the
    // stall anchors are asked only about the frames of some reports.
    private const int CommonSkipsRemembered = 32_768;
    private const int RuleSetsRemembered = 4_096;

    private static readonly FunctionSet CommonSkip = new(Common(), CommonSkipsRemembered);

    /// <summary>Whether a rule never blames <paramref name="function"/>: the common patterns (one shared memo) or the rule's own.</summary>
    public static bool IsSkipped(StackSpec spec, string function) =>
        CommonSkip.Contains(function)
        || (!spec.Skip.IsEmpty && SpecSkips.GetValue(spec, s => new FunctionSet(Compile(s.Skip), RuleSetsRemembered)).Contains(function));

    /// <summary>True when a frame of this name is never blamed (common patterns).</summary>
    public static bool IsBlameless(string function) => CommonSkip.Contains(function);

    /// <summary>mm/slub.c's debug checks and the functions that print their report (check_object →
    /// check_bytes_and_report → print_trailer, free_debug_processing, slab_err…): the report itself, not where the kernel
    /// was. Asked only where a report has no register dump and blames no frame (a SLUB report whose cache tracks no
    /// allocation stack), so titles never change by it.</summary>
    private static readonly FrozenSet<string> SlubReporting = new[]
    {
        "print_trailer", "print_section", "print_page_info", "print_slab_info", "slab_bug", "slab_fix", "object_err", "slab_err",
        "check_bytes_and_report", "check_pad_bytes", "slab_pad_check", "check_slab", "on_freelist", "check_valid_pointer",
        "free_debug_processing", "alloc_debug_processing", "free_consistency_checks", "alloc_consistency_checks", "__slab_free",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>lib/ubsan.c's report: every check's handler (__ubsan_handle_out_of_bounds, __ubsan_handle_shift_out_of_bounds,
    /// … and their ".cold" parts) prints through ubsan_prologue() and ubsan_epilogue(), which calls dump_stack(); the
    /// kernel was in the handler's caller. Asked, like <see cref="SlubReporting"/>, only where a report has no register
    /// dump and blames no frame (a UBSAN report cut right after its handler), so titles never change by it.</summary>
    private static bool IsUbsanReporting(string name) =>
        name.StartsWith("__ubsan_handle_", StringComparison.Ordinal) || name is "ubsan_epilogue" or "ubsan_prologue";

    /// <summary>Never blamed, or part of a SLUB debug or UBSAN report's own machinery (see <see cref="SlubReporting"/>).</summary>
    public static bool IsReportingMachinery(string function)
    {
        int dot = function.IndexOf('.', StringComparison.Ordinal);
        string name = dot > 0 ? function[..dot] : function;
        return IsBlameless(function) || SlubReporting.Contains(name) || IsUbsanReporting(name);
    }

    internal static Regex Compile(IEnumerable<string> patterns) =>
        new(string.Join('|', patterns.Select(p => $"(?:{p})")), PatternOptions, Regex.InfiniteMatchTimeout);

    /// <summary>Call prefixes that only say how a syscall was entered: stripped from the guilty frame.</summary>
    private static readonly string[] StripPrefixes =
        ["SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_", "__sys_", "__se_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_"];

    /// <summary>The frame as titled: the first syscall-entry prefix removed.</summary>
    public static string StripEntryPrefix(string frame)
    {
        if (frame.StartsWith("_Z", StringComparison.Ordinal) || frame.StartsWith("_R", StringComparison.Ordinal))
        {
            // Mangled C++ or Rust names (modules written in them) read as their source names.
            return RustSymbol.Demangle(frame) ?? ItaniumName(frame) ?? frame;
        }
        foreach (string p in StripPrefixes)
        {
            if (frame.StartsWith(p, StringComparison.Ordinal) && frame.Length > p.Length)
            {
                return frame[p.Length..];
            }
        }
        return frame;
    }

    // "_Z8fakeNameiii" → "fakeName": a plain (not nested) Itanium C++ function name.
    private static string? ItaniumName(string frame)
    {
        int i = 2, len = 0;
        while (i < frame.Length && char.IsAsciiDigit(frame[i]) && len < 1000)
        {
            len = (len * 10) + (frame[i] - '0');
            i++;
        }
        return i > 2 && len > 0 && i + len <= frame.Length ? frame.Substring(i, len) : null;
    }

    /// <summary>Frames at which a stall's "interesting" caller sits just above (dispatch points); generated as
    /// <see cref="Common"/> is.</summary>
    [GeneratedRegex("""
        process_one_work | do_syscall_ | do_fast_syscall_ | sysenter_dispatch | tracesys_phase2 | el0_svc_handler | invoke_syscall |
        # The syscall dispatchers of riscv (traps.c do_trap_ecall_u), s390 (syscall.c __do_syscall) and powerpc (syscall.c).
        ^do_trap_ecall_u$ | ^__do_syscall$ | ^system_call_exception$ |
        ret_fast_syscall | netif_receive_skb | do_softirq | call_timer_fn | _run_timers | run_timer_softirq | hrtimer_run |
        run_ksoftirqd | smpboot_thread_fn | ^kthread$ | start_secondary | cpu_startup_entry | ret_from_fork | vfs_write | vfs_read |
        vfs_iter_read | vfs_iter_write | do_iter_read | do_iter_write | call_read_iter | call_write_iter | new_sync_read |
        new_sync_write | vfs_ioctl | ksys_ioctl | compat_ioctl | compat_sys_ioctl | blkdev_driver_ioctl | blkdev_ioctl |
        do_iter_readv_writev | ^call_mmap | mmap_region | do_mmap | do_dentry_open | vfs_open | ^sock_sendmsg | ^sock_recvmsg |
        ^sock_release | ^__sock_release | ^setsockopt$ | kernel_setsockopt | sock_common_setsockopt | ^listen$ | kernel_listen |
        sk_common_release | ^sock_mmap | ^accept$ | kernel_accept | ^sock_do_ioctl | ^sock_ioctl | ^compat_sock_ioctl |
        ^nfnetlink_rcv_msg | ^rtnetlink_rcv_msg | ^netlink_dump | ^(compat_)?(SYSC_|SyS_|__sys_|___sys_|__do_sys_|__se_sys_|__x64_sys_|__ia32_sys_|__ia32_compat_sys_|__arm64_sys_|__riscv_sys_|sys_)?(socketpair|connect|ioctl) | __do_fault | do_page_fault |
        ^page_fault$ | __fput | task_work_run | exit_to_usermode | smp_call_function | tasklet_action | tasklet_hi_action
        """, ListedOptions, MatchTimeoutMs)]
    private static partial Regex StallAnchors();

    private static readonly FunctionSet StallAnchor = new(StallAnchors(), RuleSetsRemembered);

    private static readonly string[] SyscallPrefixes = ["__x64_", "SYSC_", "SyS_", "compat_SYSC_", "compat_SyS_", "__ia32_sys_", "__arm64_", "__riscv_", "__s390x_"];

    private static readonly FrozenDictionary<string, string> HangAnchors = new Dictionary<string, string>
    {
        ["rtnl_lock"] = "", ["synchronize_rcu"] = "synchronize_rcu", ["synchronize_srcu"] = "synchronize_rcu",
        ["synchronize_net"] = "synchronize_rcu", ["synchronize_sched"] = "synchronize_rcu",
    }.ToFrozenDictionary();

    private static readonly string[] HangSkips =
        ["sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize", "context_switch", "__switch_to", "cancel_delayed_work", "rcu_barrier"];

    /// <summary>Chooses the guilty frame among the (already filtered) candidates.</summary>
    public static string? Pick(FramePicker picker, IReadOnlyList<string> frames) => frames.Count == 0 ? null : picker switch
    {
        FramePicker.Stall => PickStall(frames),
        FramePicker.HungTask => PickHung(frames),
        FramePicker.Rust => PickRust(frames),
        _ => frames[0],
    };

    private static bool IsStallAnchor(string frame) => StallAnchor.Contains(frame);

    private static readonly string[] RustMachinery = ["core::", "alloc::", "std::", "__rustc::", "rust_begin_unwind", "rust_helper_", "<core::"];

    private static string? PickRust(IReadOnlyList<string> frames)
    {
        foreach (string frame in frames)
        {
            string shown = RustSymbol.Demangle(frame) ?? frame;
            if (!RustMachinery.Any(m => shown.StartsWith(m, StringComparison.Ordinal)))
            {
                return shown;
            }
        }
        return null;
    }

    private static string? PickStall(IReadOnlyList<string> frames)
    {
        string prev = frames[0];
        foreach (string frame in frames)
        {
            if (IsStallAnchor(frame))
            {
                if (frame.Contains("smp_call_function", StringComparison.Ordinal))
                {
                    prev = "smp_call_function";
                }
                foreach (string prefix in SyscallPrefixes)
                {
                    if (prev.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        prev = prev[prefix.Length..];
                    }
                }
                return prev;
            }
            prev = frame;
        }
        return null;
    }

    private static string? PickHung(IReadOnlyList<string> frames)
    {
        foreach (string frame in frames)
        {
            foreach ((string anchor, string replacement) in HangAnchors)
            {
                if (frame.Contains(anchor, StringComparison.Ordinal))
                {
                    return replacement.Length > 0 ? replacement : frame;
                }
            }
        }
        return frames.FirstOrDefault(f => !HangSkips.Any(s => f.Contains(s, StringComparison.Ordinal)));
    }
}

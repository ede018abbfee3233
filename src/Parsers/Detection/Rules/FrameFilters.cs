using System.Collections.Frozen;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>
/// Which functions never get the blame (reporting machinery, locking, string and copy helpers, allocators…),
/// and how stalls and hung tasks pick theirs. The names are the kernel's; the lists follow the kernel community's
/// crash-naming practice, so that the same bug gets the same title wherever it is seen.
/// </summary>
internal static class FrameFilters
{
    /// <summary>Substrings: a frame whose name contains one is skipped. <c>^x$</c> means the exact name.</summary>
    public static readonly string[] Common =
    [
        "__sanitizer", "__asan", "kasan", "__msan", "kmsan", "check_memory_region", "read_word_at_a_time",
        "print_address_description", "panic", "invalid_op", "report_bug", "fixup_bug", "do_error", "_trap", "dump_stack",
        "warn_slowpath", "warn_alloc", "__warn", "debug_object", "timer_is_static_object", "work_is_static_object",
        "lockdep", "perf_trace", "lock_acquire", "lock_release", "lock_class", "reacquire_held_locks", "spin_lock",
        "spin_trylock", "spin_unlock", "raw_read_lock", "raw_read_trylock", "raw_write_lock", "raw_write_trylock",
        "down", "down_read", "down_write", "down_read_trylock", "down_write_trylock", "up_read", "up_write",
        "mutex_lock", "mutex_trylock", "mutex_unlock", "mutex_remove_waiter", "osq_lock", "osq_unlock", "__wake_up",
        "refcount_add", "refcount_sub", "refcount_inc", "refcount_dec", "refcount_set", "refcount_read",
        "memcpy", "memcmp", "memset", "memchr", "memmove", "strcmp", "strncmp", "strcpy", "strlcpy", "strncpy",
        "strscpy", "strlen", "strnstr", "strnlen", "strchr", "copy_to_user", "copy_from_user", "put_user", "get_user",
        "might_fault", "might_sleep", "list_add", "list_del", "list_replace", "list_move", "list_splice",
        "_indirect_thunk_", "string", "pointer", "snprintf", "scnprintf", "kasprintf", "kvasprintf", "printk",
        "va_format", "dev_info", "dev_notice", "dev_warn", "dev_err", "dev_alert", "dev_crit", "dev_emerg",
        "program_check_exception", "program_check_common", "del_timer", "flush_work", "__cancel_work_timer",
        "cancel_work_sync", "try_to_grab_pending", "flush_workqueue", "drain_workqueue", "destroy_workqueue",
        "finish_wait", "kthread_stop", "kobject_del", "kobject_put", "kobject_uevent_env", "add_uevent_var",
        "get_device_parent", "device_add", "device_del", "device_unregister", "device_destroy", "device_release",
        "devres_release_all", "hwrng_unregister", "i2c_del_adapter", "__unregister_client", "device_for_each_child",
        "rollback_registered", "unregister_netdev", "sysfs_remove", "device_remove_file", "tty_unregister_device",
        "dummy_urb_enqueue", "usb_kill_urb", "usb_kill_anchored_urbs", "usb_control_msg", "usb_hcd_submit_urb",
        "usb_submit_urb", "^complete$", "wait_for_completion", "^kfree$", "kfree_skb",
        // Exception entry and the trap handlers that print the report.
        "handle_bug", "^die$", "^__die", "oops_end", "show_regs", "show_stack", "dump_backtrace",
    ];

    /// <summary>Frames at which a stall's "interesting" caller sits just above (dispatch points).</summary>
    private static readonly string[] StallAnchors =
    [
        "process_one_work", "do_syscall_", "do_fast_syscall_", "sysenter_dispatch", "tracesys_phase2", "netif_receive_skb",
        "do_softirq", "call_timer_fn", "_run_timers", "run_timer_softirq", "run_ksoftirqd", "smpboot_thread_fn", "kthread",
        "start_secondary", "cpu_startup_entry", "ret_from_fork", "vfs_write", "vfs_read", "vfs_iter_read", "vfs_iter_write",
        "do_iter_read", "do_iter_write", "vfs_ioctl", "ksys_ioctl", "compat_ioctl", "compat_sys_ioctl", "blkdev_driver_ioctl",
        "blkdev_ioctl", "^call_read_iter", "^call_write_iter", "do_iter_readv_writev", "^call_mmap", "mmap_region", "do_mmap",
        "do_dentry_open", "vfs_open", "^sock_sendmsg", "^sock_recvmsg", "^sock_release", "^__sock_release", "__sys_setsockopt",
        "kernel_setsockopt", "sock_common_setsockopt", "__sys_listen", "kernel_listen", "sk_common_release", "^sock_mmap",
        "__sys_accept", "kernel_accept", "^sock_do_ioctl", "^sock_ioctl", "^compat_sock_ioctl", "^nfnetlink_rcv_msg",
        "^rtnetlink_rcv_msg", "__do_fault", "handle_mm_fault", "do_page_fault", "^page_fault$", "__fput", "task_work_run",
        "exit_to_usermode", "smp_call_function",
    ];

    private static readonly string[] SyscallAnchorPrefixes = ["SYSC_", "SyS_", "__sys_", "___sys_", "__do_sys_", "__se_sys_", "__x64_sys_", "compat_SYSC_", "compat_SyS_"];

    private static readonly string[] SyscallPrefixes = ["__x64_", "SYSC_", "SyS_", "compat_SYSC_", "compat_SyS_", "__ia32_sys_"];

    private static readonly FrozenDictionary<string, string> HangAnchors = new Dictionary<string, string>
    {
        ["rtnl_lock"] = "", ["synchronize_rcu"] = "synchronize_rcu", ["synchronize_srcu"] = "synchronize_rcu",
        ["synchronize_net"] = "synchronize_rcu", ["synchronize_sched"] = "synchronize_rcu",
    }.ToFrozenDictionary();

    private static readonly string[] HangSkips =
        ["sched", "_lock", "_slowlock", "down", "rwsem", "completion", "kthread", "wait", "synchronize", "context_switch", "__switch_to", "cancel_delayed_work"];

    /// <summary>True when <paramref name="function"/> matches one of <paramref name="patterns"/>.</summary>
    public static bool Matches(string function, IEnumerable<string> patterns)
    {
        foreach (string p in patterns)
        {
            bool start = p.StartsWith('^');
            bool end = p.EndsWith('$');
            string core = p[(start ? 1 : 0)..(p.Length - (end ? 1 : 0))];
            bool hit = (start, end) switch
            {
                (true, true) => function == core,
                (true, false) => function.StartsWith(core, StringComparison.Ordinal),
                (false, true) => function.EndsWith(core, StringComparison.Ordinal),
                _ => function.Contains(core, StringComparison.Ordinal),
            };
            if (hit)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Chooses the guilty frame among the (already filtered) candidates.</summary>
    public static string? Pick(FramePicker picker, IReadOnlyList<string> frames) => frames.Count == 0 ? null : picker switch
    {
        FramePicker.Stall => PickStall(frames),
        FramePicker.HungTask => PickHung(frames),
        _ => frames[0],
    };

    private static bool IsStallAnchor(string frame) =>
        Matches(frame, StallAnchors)
        || (SyscallAnchorPrefixes.Any(p => frame.StartsWith(p, StringComparison.Ordinal) || frame.StartsWith("compat_" + p, StringComparison.Ordinal))
            && (frame.EndsWith("_socketpair", StringComparison.Ordinal) || frame.EndsWith("_connect", StringComparison.Ordinal) || frame.EndsWith("_ioctl", StringComparison.Ordinal)));

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

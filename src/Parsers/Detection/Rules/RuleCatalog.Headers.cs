using System.Buffers;
using Pidgin;
using SolWatch.Parsers.Grammar;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;
using static SolWatch.Parsers.Detection.Rules.HeaderDsl;

namespace SolWatch.Parsers.Detection.Rules;

/// <summary>The header shapes that need more than a literal.</summary>
internal static partial class RuleCatalog
{
    /// <summary>A header recognized by a plain function over its text (null = no match).</summary>
    private static HeaderPattern Matching(string label, Func<string, string[]?> match) => new(label, match);

    /// <summary>
    /// The literal then a function name; a pointer where the name would be is no function and no match, so a rule for the
    /// address form after it reads the trace instead. Kernels print a bare %p there ("Kernel stack is corrupted in: 802e62f8"
    /// from 4.x kernel/panic.c __stack_chk_fail's panic("…in: %p\n", __builtin_return_address(0)), 8 or 16 hex digits), or
    /// %pS of an address no symbol covers ("0xffffffffc0c88942").
    /// </summary>
    private static HeaderPattern StartsCapturingFunctionAfter(string literal)
    {
        HeaderPattern function = StartsCapturingFunction(literal);
        return new(function.Label, h => function.Match(h) is { } captures && (captures.Length == 0 || !IsPointerText(captures[0])) ? captures : null);
    }

    /// <summary>
    /// arm and arm64 die(): "Internal error: %s: %x [#%d]" (arch/arm/kernel/traps.c __die, arch/arm64/kernel/traps.c
    /// __die: the message, the error code in hex, the die counter). A driver's own words with a pr_fmt prefix are not
    /// it: ghes_edac's "ghes_edac: Internal error: Can't find EDAC structure" has no code and no counter.
    /// </summary>
    private static HeaderPattern ArmDie() => Matching("Internal error: %s: %x [#%d]", h =>
    {
        const string lead = "Internal error:";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        if (h.Contains("[#", StringComparison.Ordinal))
        {
            return [];
        }
        // A line cut before its counter still shows the code: ": " then hex digits ("Internal error: : 96000410").
        ReadOnlySpan<char> rest = h.AsSpan(lead.Length);
        for (int i = rest.IndexOf(": "); i >= 0; i = rest.IndexOf(": "))
        {
            rest = rest[(i + 2)..];
            int end = rest.IndexOf(' ');
            ReadOnlySpan<char> code = end < 0 ? rest : rest[..end];
            if (code.Length > 0 && FastScan.IsHex(code))
            {
                return [];
            }
        }
        return null;
    });

    /// <summary>A printed pointer: 8 or 16 hex digits (%p of 32- and 64-bit kernels), or "0x" and hex digits.</summary>
    internal static bool IsPointerText(string text) =>
        text.StartsWith("0x", StringComparison.Ordinal) ? FastScan.IsHex(text.AsSpan(2)) : text.Length is 8 or 16 && FastScan.IsHex(text);

    /// <summary>
    /// A WARN() in <paramref name="file"/>: <c>WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC+0x…</c> where the text after FILE
    /// holds <paramref name="function"/> (after a space when <paramref name="spaceBefore"/>), or the 6.17+ form
    /// <c>WARNING: FILE:LINE at …, CPU#0: comm/pid</c>, which names the file alone.
    /// </summary>
    private static HeaderPattern WarnAt(string file, string function, bool spaceBefore = true) => Matching($"WARNING at {file}", h =>
    {
        if (!h.StartsWith("WARNING: ", StringComparison.Ordinal))
        {
            return null;
        }
        int f = h.IndexOf(file, StringComparison.Ordinal);
        if (f < 0)
        {
            return null;
        }
        if (f == "WARNING: ".Length && h.IndexOf(" at ", f, StringComparison.Ordinal) > 0)
        {
            return [];
        }
        return h.IndexOf(spaceBefore ? " " + function : function, f, StringComparison.Ordinal) > 0
               || (spaceBefore && h.IndexOf("\t" + function, f, StringComparison.Ordinal) > 0) ? [] : null;
    });

    /// <summary>kernel/panic.c __warn() without a source location: <c>WARNING: CPU: %d PID: %d at %pS</c>, the caller's
    /// <c>FUNC+0x…/0x…</c> (and module) right after " at ". With <paramref name="functions"/>, only a caller of one of those
    /// names (clone suffixes such as ".cold" left out) matches. Captures the function.
    /// The located form <c>at %s:%d %pS</c> whose location a log tool rewrote so that it no longer reads as FILE:LINE
    /// (hw-probe's anonymizer turns "mc/mc-entity.c:667" into X's) is read by the same rule: __warn() prints the location
    /// as one blank-free word, and the line still ends in the %pS, whose <c>FUNC+0x…/0x…</c> (and " [module]") names the
    /// caller.</summary>
    private static HeaderPattern WarnAtFunctionOnly(params string[] functions) => Matching("WARNING: CPU: N PID: N at FUNC+0x…", h =>
    {
        const string lead = "WARNING: CPU: ";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int cpuEnd = AfterDigits(h, lead.Length);
        if (cpuEnd == lead.Length || !h.AsSpan(cpuEnd).StartsWith(" PID: ", StringComparison.Ordinal))
        {
            return null;
        }
        int pidStart = cpuEnd + " PID: ".Length;
        int pidEnd = AfterDigits(h, pidStart);
        if (pidEnd == pidStart || !h.AsSpan(pidEnd).StartsWith(" at ", StringComparison.Ordinal))
        {
            return null;
        }
        int start = pidEnd + " at ".Length;
        int plus = h.IndexOf("+0x", start, StringComparison.Ordinal);
        if (plus <= start)
        {
            return null;
        }
        if (h.AsSpan(start, plus - start).ContainsAnyExcept(FunctionChars))
        {
            // "at LOCATION FUNC+0x…/0x…": one blank-free word, one blank, then a %pS that ends the line.
            int blank = h.IndexOf(' ', start);
            if (blank <= start || blank + 1 >= plus || h.AsSpan(start, blank - start).Contains('\t')
                || h.AsSpan(blank + 1, plus - blank - 1).ContainsAnyExcept(FunctionChars) || !EndsWithOffsetAndSize(h.AsSpan(plus)))
            {
                return null;
            }
            start = blank + 1;
        }
        string function = h[start..plus];
        int dot = function.IndexOf('.', StringComparison.Ordinal);
        string name = dot > 0 ? function[..dot] : function;
        return functions.Length == 0 || Array.IndexOf(functions, name) >= 0 ? [name] : null;
    });

    /// <summary>Where the run of decimal digits at <paramref name="start"/> of <paramref name="h"/> ends (<paramref name="start"/>
    /// itself when there is none): a CPU or PID number printed with %d.</summary>
    private static int AfterDigits(string h, int start)
    {
        int i = start;
        while (i < h.Length && char.IsAsciiDigit(h[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>The rest of a %pS after the function: <c>+0xOFF/0xSIZE</c>, then nothing or " [module]" (blanks at the end
    /// allowed).</summary>
    private static bool EndsWithOffsetAndSize(ReadOnlySpan<char> rest)
    {
        rest = rest.TrimEnd();
        int i = HexRun(rest, "+0x");
        if (i < 0)
        {
            return false;
        }
        rest = rest[i..];
        i = HexRun(rest, "/0x");
        if (i < 0)
        {
            return false;
        }
        rest = rest[i..];
        return rest.IsEmpty || (rest.StartsWith(" [") && rest.EndsWith("]") && rest.Length > 3 && !rest[2..^1].ContainsAny(' ', ']'));
    }

    /// <summary>The length of <paramref name="prefix"/> and the hex digits after it at the start of <paramref name="s"/>
    /// (-1 when the prefix or the digits are missing).</summary>
    private static int HexRun(ReadOnlySpan<char> s, string prefix)
    {
        if (!s.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }
        int i = prefix.Length;
        while (i < s.Length && char.IsAsciiHexDigit(s[i]))
        {
            i++;
        }
        return i == prefix.Length ? -1 : i;
    }

    private static readonly SearchValues<char> FunctionChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.$");

    /// <summary><c>WARNING: … mm/….c … kmalloc</c>-like allocator warnings.</summary>
    private static HeaderPattern WarnMmAlloc() => Matching("WARNING in an allocator", h =>
    {
        if (!h.StartsWith("WARNING: ", StringComparison.Ordinal))
        {
            return null;
        }
        int mm = h.IndexOf("mm/", StringComparison.Ordinal);
        if (mm < 0)
        {
            return null;
        }
        int c = h.IndexOf(".c", mm, StringComparison.Ordinal);
        if (c < 0)
        {
            return null;
        }
        for (int i = h.IndexOf(' ', c); i >= 0 && i + 1 < h.Length; i = h.IndexOf(' ', i + 1))
        {
            ReadOnlySpan<char> w = h.AsSpan(i + 1);
            if (w.StartsWith("malloc") || (w.Length > 7 && w[1..].StartsWith("malloc")) || (w.Length > 8 && w[0] == 'k' && w[2..].StartsWith("malloc")))
            {
                return [];
            }
        }
        return null;
    });

    /// <summary><c>WARNING: CPU: 0 PID: 1 at kernel/foo.c:123 func+0x…</c> and the old <c>WARNING: at kernel/foo.c:123 func()</c>.</summary>
    // "FILE:LINE" and a blank, then the function if one is there: the tail of "WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC+0x…".
    private static readonly Parser<char, Maybe<string>> LocationThenFunction =
        Grammar.Lexemes.SourceLocation.Then(Token(c => c is ' ' or '\t')).Then(Function.Optional()).Labelled("FILE:LINE FUNC");

    // 6.17+: "WARNING: fs/ext4/xattr.c:1058 at 0x0, CPU#0: syz.0.17/5982" (the function is on the RIP line).
    private static readonly Parser<char, string> LocationThenAt =
        Grammar.Lexemes.SourceLocation.Before(String(" at ")).Labelled("FILE:LINE at");

    /// <summary>
    /// Any WARN(): the function after the first <c> at FILE:LINE </c> of <c>WARNING: CPU: 0 PID: 1 at FILE:LINE FUNC+0x…</c>,
    /// or no capture for the 6.17+ form <c>WARNING: FILE:LINE at …</c>. The grammars run only where a <c> at </c> is:
    /// one that skipped ahead character by character cost microseconds on every WARNING line.
    /// </summary>
    private static HeaderPattern WarnAtAny() => Matching("WARNING … at FILE:LINE FUNC", h =>
    {
        const string lead = "WARNING: ";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        // From the blank that ends the lead: the old form "WARNING: at FILE:LINE FUNC()" (2.6.x–3.x, before 4.x
        // put "CPU: N PID: N" first) has its " at " right there.
        for (int at = h.IndexOf(" at ", lead.Length - 1, StringComparison.Ordinal); at >= 0; at = h.IndexOf(" at ", at + 1, StringComparison.Ordinal))
        {
            Result<char, Maybe<string>> tail = LocationThenFunction.Parse(h.AsSpan(at + 4));
            if (tail.Success)
            {
                // The first location decides: no function right after it, no match of this shape.
                if (tail.Value.HasValue)
                {
                    return [tail.Value.Value];
                }
                break;
            }
        }
        if (LocationThenAt.Parse(h.AsSpan(lead.Length)).Success)
        {
            return [];
        }
        // lib/bug.c report_bug() of 2.6.x–3.x for the trap-based WARN_ON() of powerpc, s390, sh…: printk("WARNING: at %s:%u\n",
        // file, line) names no function (the NIP or PSW does); a RHEL 6 line cut after the location reads the same.
        return OldReportBugLocation.Parse(h.AsSpan(lead.Length)).Success ? [] : null;
    });

    private static readonly Parser<char, Unit> OldReportBugLocation =
        String("at ").Then(Grammar.Lexemes.SourceLocation).Then(Token(c => c is ' ' or '\t').SkipMany()).Then(End).Labelled("at FILE:LINE");

    /// <summary>s390 die(): <c>illegal operation: 0001 ilc:1 [#1] SMP</c> — the trap's name (letters, blanks, '-'), four hex
    /// digits of interruption code, the instruction length code and the oops counter. Captures the name; with
    /// <paramref name="only"/>, only that name matches.</summary>
    private static HeaderPattern S390DieHeader(string? only) => Matching(only is null ? "s390 die()" : $"s390 die() for {only}", h =>
    {
        int ilc = h.IndexOf(" ilc:", StringComparison.Ordinal);
        int colon = ilc - 6; // ": " and four hex digits before " ilc:"
        if (colon < 1 || h[colon] != ':' || h[colon + 1] != ' ' || Grammar.FastScan.HexRun(h, colon + 2) != 4)
        {
            return null;
        }
        string name = h[..colon];
        if (!char.IsAsciiLetter(name[0]) || name.AsSpan().ContainsAnyExcept(TrapNameChars) || (only is not null && name != only))
        {
            return null;
        }
        ReadOnlySpan<char> rest = h.AsSpan(ilc + 5);
        return rest.Length >= 5 && char.IsAsciiDigit(rest[0]) && rest[1..].StartsWith(" [#", StringComparison.Ordinal) ? [name] : null;
    });

    /// <summary>s390 die() before the instruction length code was printed (3.x arch/s390/kernel/traps.c, "%s: %04x [#%d] "):
    /// <c>Unknown program exception: 0028 [#1] SMP</c>. x86's die() prints the same layout ("general protection fault: 0000
    /// [#1]", "invalid opcode: 0000 [#1]"), so only the names s390's traps.c hands to die() are read. Captures the name.</summary>
    private static HeaderPattern S390DieHeaderWithoutIlc() => Matching("s390 die() without ilc", h =>
    {
        int colon = h.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 1 || !S390TrapNames.Contains(h[..colon]) || Grammar.FastScan.HexRun(h, colon + 2) != 4)
        {
            return null;
        }
        ReadOnlySpan<char> rest = h.AsSpan(colon + 6);
        return rest.Length >= 4 && rest.StartsWith(" [#", StringComparison.Ordinal) && char.IsAsciiDigit(rest[3]) ? [h[..colon]] : null;
    });

    /// <summary>The trap names of arch/s390/kernel/traps.c (default_trap_handler, the DO_ERROR_INFO table, illegal_op,
    /// specification_exception, data_exception, do_fp_trap, space_switch_exception): none is one of x86's.</summary>
    private static readonly HashSet<string> S390TrapNames = new(StringComparer.Ordinal)
    {
        "Unknown program exception", "addressing exception", "execute exception", "fixpoint divide exception",
        "fixpoint overflow exception", "HFP overflow exception", "HFP underflow exception", "HFP significance exception",
        "HFP divide exception", "HFP square root exception", "operand exception", "privileged operation",
        "special operation exception", "translation exception", "floating point exception", "illegal operation",
        "specification exception", "data exception", "space switch event",
    };

    /// <summary>mm/slub.c slab_bug(): <c>BUG kmalloc-64 (Not tainted): Poison overwritten</c> or, before the taint was added,
    /// <c>BUG sas_task: Objects remaining on kmem_cache_close()</c>. Captures what was found, when SLUB's own words.</summary>
    private static HeaderPattern SlubHeader() => Matching("SLUB debug", h =>
    {
        const string lead = "BUG ";
        if (!h.StartsWith(lead, StringComparison.Ordinal) || h.Length <= lead.Length || h[lead.Length] is ' ' or ':')
        {
            return null;
        }
        int nameEnd = h.IndexOfAny([' ', ':'], lead.Length);
        if (nameEnd < 0)
        {
            return null;
        }
        int colon = h[nameEnd] == ':' ? nameEnd : h[nameEnd..].StartsWith(" (", StringComparison.Ordinal) ? h.IndexOf("): ", nameEnd, StringComparison.Ordinal) + 1 : -1;
        if (colon <= 0 || colon + 2 > h.Length || h[colon] != ':')
        {
            return null;
        }
        string what = h[(colon + 1)..].Trim();
        foreach (string finding in SlubFindings)
        {
            if (what.StartsWith(finding, StringComparison.Ordinal))
            {
                return [what];
            }
        }
        return null;
    });

    // What mm/slub.c reports (check_bytes_and_report, check_object, check_slab, on_freelist, free_debug_processing,
    // slab_err callers) from 2.6.22 to 6.x; "kmalloc Redzone overwritten" is check_object()'s test of the bytes between a
    // kmalloc's requested size and the object size (slub_debug_orig_size, 6.2+).
    private static readonly string[] SlubFindings =
    [
        "Poison overwritten", "Redzone overwritten", "Left Redzone overwritten", "kmalloc Redzone overwritten", "Object padding overwritten", "Padding overwritten",
        "Alignment padding", "Freepointer corrupt", "Freechain corrupt", "Object already free", "Objects remaining",
        "Invalid object pointer", "Wrong object count", "Wrong number of objects", "Not a valid slab page", "Freelist Pointer check fails",
    ];

    /// <summary>4.0–4.3 KASAN: <c>BUG: KASan: use after free in F+0x…/0x… at addr A</c>. Captures the bug type as 4.4+
    /// spells it and the function.</summary>
    private static HeaderPattern OldKasanHeader() => Matching("BUG: KASan:", h =>
    {
        const string lead = "BUG: KASan: ";
        // The lead first: a header cut short ("BUG: " alone, a line ended by a stray CR) is shorter than it, and IndexOf
        // from past the end throws.
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int @in = h.IndexOf(" in ", lead.Length, StringComparison.Ordinal);
        if (@in < 0)
        {
            return null;
        }
        Result<char, string> function = Function.Parse(h.AsSpan(@in + 4));
        if (!function.Success)
        {
            return null;
        }
        string type = h[lead.Length..@in] switch
        {
            "use after free" => "use-after-free",
            "out of bounds on stack" => "stack-out-of-bounds",
            "out of bounds access" => "out-of-bounds",
            var other => other.Replace(' ', '-'),
        };
        return [type, function.Value];
    });

    private static readonly SearchValues<char> TrapNameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -");

    private static HeaderPattern IrqOrderHeader(string prefix) => Matching("IRQ-safe -> IRQ-unsafe", h =>
        h.StartsWith(prefix, StringComparison.Ordinal) && h.Contains("-safe -> ", StringComparison.Ordinal)
            && h.Contains("-unsafe lock order detected", StringComparison.Ordinal) ? [] : null);

    /// <summary>kernel/rcu/tree_stall.h: "INFO: rcu_preempt detected stalls on CPUs/tasks:", "INFO: rcu_sched self-detected stall
    /// on CPU", "… detected expedited stalls …", "INFO: rcu_tasks detected stalls on tasks:"; 2.6.3x "INFO: RCU detected CPU 1 stall".</summary>
    private static HeaderPattern RcuStallHeader() => Matching("rcu stall", h =>
        (h.StartsWith("INFO: rcu_", StringComparison.Ordinal) || h.StartsWith("INFO: RCU detected", StringComparison.Ordinal))
            && h.Contains("detected", StringComparison.Ordinal) && h.Contains("stall", StringComparison.Ordinal) ? [] : null);

    private static HeaderPattern StackRegsHeader() => Matching("kernel stack regs has bad value", h =>
    {
        const string lead = "WARNING: kernel stack regs at ";
        if (!h.StartsWith(lead, StringComparison.Ordinal) || h.Length <= lead.Length || !char.IsAsciiHexDigit(h[lead.Length]))
        {
            return null;
        }
        int open = h.IndexOf("has bad '", StringComparison.Ordinal);
        int close = open < 0 ? -1 : h.IndexOf('\'', open + 9);
        return close > open ? [h[(open + 9)..close]] : null;
    });

    private static HeaderPattern FreedAllocatedHeader() => Matching("INFO: Freed/Allocated in", h =>
    {
        foreach (string what in (string[])["Freed", "Allocated"])
        {
            string lead = $"INFO: {what} in ";
            if (h.StartsWith(lead, StringComparison.Ordinal))
            {
                return [what, h[lead.Length..].Trim()];
            }
        }
        return null;
    });

    private static HeaderPattern DentryHeader() => Matching("Dentry still in use", h =>
    {
        if (!h.StartsWith("BUG: Dentry ", StringComparison.Ordinal) || !h.Contains("still in use", StringComparison.Ordinal))
        {
            return null;
        }
        // fs/dcache.c umount_check() (shrink_dcache_for_umount_subtree() before 3.x): "BUG: Dentry %p{i=%lx,n=%pd} still
        // in use (%d) [unmount of %s %s]". A mailer or terminal that wraps the line at a blank inside the brackets leaves
        // no "]" on it and the rest of the names on the next line: the same report (its title does not name them).
        int open = h.IndexOf("[unmount of", StringComparison.Ordinal);
        if (open < 0)
        {
            return null;
        }
        int close = h.IndexOf(']', open);
        return close > open ? [h[(open + 12)..close]] : [h[(open + 11)..].Trim()];
    });

    // kernel/locking/lockdep.c turns itself off when one of its static tables is full: print_lockdep_off("BUG: MAX_%s
    // too low!") for MAX_LOCKDEP_KEYS, MAX_LOCKDEP_ENTRIES, MAX_LOCKDEP_CHAINS, MAX_LOCKDEP_CHAIN_HLOCKS,
    // MAX_STACK_TRACE_ENTRIES and MAX_LOCK_DEPTH (then "turning off the locking correctness validator."). Captures the
    // table's name (after "MAX_"); the boot banner's "... MAX_LOCK_DEPTH:          48" rows do not start with "BUG: ".
    private static HeaderPattern LockdepTableFullHeader() => Matching("BUG: MAX_… too low!", h =>
    {
        const string Lead = "BUG: MAX_", Tail = " too low!";
        if (!h.StartsWith(Lead, StringComparison.Ordinal))
        {
            return null;
        }
        int end = Lead.Length;
        while (end < h.Length && (char.IsAsciiLetterUpper(h[end]) || char.IsAsciiDigit(h[end]) || h[end] == '_'))
        {
            end++;
        }
        return end > Lead.Length && h.AsSpan(end).TrimEnd().SequenceEqual(Tail) ? [h[Lead.Length..end]] : null;
    });

    // kernel/locking/spinlock_debug.c spin_bug()/rwlock_bug() ("BUG: %s %s on CPU#%d", lock kind then message).
    private static readonly string[] SpinlockKinds = ["spinlock", "rwlock"];
    private static readonly string[] SpinlockBugs =
        ["lockup suspected", "already unlocked", "recursion", "cpu recursion", "bad magic", "wrong owner", "wrong CPU", "trylock failure on UP"];

    // Compared piece by piece: every "BUG: " header is tried against this rule, and building the sixteen whole prefixes
    // for each cost a crash-dense scan 2 MB of strings per 34 MB.
    private static HeaderPattern SpinlockHeader() => Matching("spinlock or rwlock bug", h =>
    {
        const string lead = "BUG: ";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        ReadOnlySpan<char> rest = h.AsSpan(lead.Length);
        foreach (string lockKind in SpinlockKinds)
        {
            if (rest.Length <= lockKind.Length || !rest.StartsWith(lockKind, StringComparison.Ordinal) || rest[lockKind.Length] != ' ')
            {
                continue;
            }
            ReadOnlySpan<char> message = rest[(lockKind.Length + 1)..];
            foreach (string what in SpinlockBugs)
            {
                if (message.StartsWith(what, StringComparison.Ordinal))
                {
                    return [lockKind, what];
                }
            }
        }
        return null;
    });

    /// <summary><c>UBSAN: shift-out-of-bounds in file.c:12:3</c>: the kind of undefined behaviour.</summary>
    private static HeaderPattern UbsanHeader() => Matching("UBSAN", h =>
    {
        const string lead = "UBSAN: ";
        // The lead first: "UBSAN:" alone is shorter than it, and IndexOf from past the end throws.
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int @in = h.IndexOf(" in", lead.Length, StringComparison.Ordinal);
        return @in > lead.Length ? [h[lead.Length..@in]] : null;
    });

    /// <summary>arch/powerpc/kernel/watchdog.c wd_lockup_ipi(): the lead, the stuck CPU's number, then <paramref name="tail"/>
    /// ending the line (<c>Watchdog CPU:%d Hard LOCKUP</c> of 4.13–4.x, <c>watchdog: CPU %d Hard LOCKUP</c> of 5.x).</summary>
    private static HeaderPattern PowerpcStuckCpuHeader(string lead, string tail) => Matching(lead + "N" + tail, h =>
    {
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int i = AfterDigits(h, lead.Length);
        string[] none = [];
        return i > lead.Length && h.AsSpan(i).TrimEnd().SequenceEqual(tail) ? none : null;
    });

    /// <summary>arch/powerpc/kernel/watchdog.c since pr_fmt("watchdog: ") (5.x): <c>watchdog: CPU %d Hard LOCKUP</c>
    /// (wd_lockup_ipi), <c>watchdog: CPU %d self-detected hard LOCKUP @ %pS</c> (soft_nmi_interrupt) and
    /// <c>watchdog: CPU %d detected hard LOCKUP on other CPUs %*pbl</c> (watchdog_smp_panic). Not "became unstuck".</summary>
    private static HeaderPattern PowerpcWatchdogHeader() => Matching("watchdog: CPU N … hard LOCKUP", h =>
    {
        const string lead = "watchdog: CPU ";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int i = AfterDigits(h, lead.Length);
        if (i == lead.Length)
        {
            return null;
        }
        ReadOnlySpan<char> rest = h.AsSpan(i);
        string[] none = [];
        return rest.StartsWith(" Hard LOCKUP", StringComparison.Ordinal) || rest.StartsWith(" self-detected hard LOCKUP", StringComparison.Ordinal)
            || rest.StartsWith(" detected hard LOCKUP", StringComparison.Ordinal) ? none : null;
    });

    private static HeaderPattern PreemptibleHeader() => Matching("using … in preemptible", h =>
    {
        const string lead = "BUG: using ";
        int paren = h.IndexOf("() in preemptible", StringComparison.Ordinal);
        return h.StartsWith(lead, StringComparison.Ordinal) && paren > lead.Length ? [h[lead.Length..paren]] : null;
    });

    private static HeaderPattern KfenceHeader() => Matching("KFENCE", h =>
    {
        const string lead = "BUG: KFENCE: ";
        int @in = h.IndexOf(" in ", StringComparison.Ordinal);
        if (!h.StartsWith(lead, StringComparison.Ordinal) || @in <= lead.Length)
        {
            return null;
        }
        string function = new([.. h[(@in + 4)..].TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c == '_')]);
        return function.Length == 0 ? null : [h[lead.Length..@in], function];
    });

    private static HeaderPattern KasanOnAddressHeader() => Matching("KASAN on address", h =>
    {
        const string lead = "BUG: KASAN: ";
        int on = h.IndexOf(" on address", StringComparison.Ordinal);
        return h.StartsWith(lead, StringComparison.Ordinal) && on > lead.Length ? [h[lead.Length..on]] : null;
    });

    /// <summary><c>rust_kernel: panicked at 'MESSAGE', FILE:LINE:COL</c> (Rust before 1.73): the message.</summary>
    private static HeaderPattern RustPanicQuotedHeader() => Matching("Rust panic with quoted message", h =>
    {
        const string lead = "rust_kernel: panicked at '";
        int close = h.LastIndexOf("', ", StringComparison.Ordinal);
        return h.StartsWith(lead, StringComparison.Ordinal) && close > lead.Length ? [h[lead.Length..close]] : null;
    });

    /// <summary>powerpc die("Unrecoverable FP Unavailable Exception", regs, SIGABRT) and its kin (arch/powerpc/kernel/traps.c:
    /// the VMX/Altivec, VSX and TM "Unavailable Exception"s, unrecoverable_exception()'s "Unrecoverable exception"):
    /// <c>Oops: %s, sig: %ld [#%d]</c>, the trap as die() names it. Only the names ending in "xception": "Unrecoverable
    /// Machine check" is the hardware reader's, and "Unrecoverable (nested) System Reset" ends the report of what the reset
    /// was sent for (the powerpc watchdog's hard lockup, a hypervisor dump).</summary>
    private static HeaderPattern PpcUnrecoverableHeader() => Matching("powerpc Oops: Unrecoverable …", h =>
    {
        const string lead = "Oops: Unrecoverable ";
        int sig = h.IndexOf(", sig: ", StringComparison.Ordinal);
        return h.StartsWith(lead, StringComparison.Ordinal) && sig > lead.Length
            && h.AsSpan(0, sig).EndsWith("xception", StringComparison.Ordinal)
            ? [h[("Oops: ".Length)..sig]] : null;
    });

    /// <summary>powerpc's BUG() before the generic lib/bug.c (arch/ppc and arch/powerpc check_bug_trap() up to 2.6.18):
    /// <c>kernel BUG in %s at %s:%d!</c>, the function the BUG() is in, which the NIP line of 2.6.x arch/ppc never names.</summary>
    private static HeaderPattern NamedBugHeader() => Matching("kernel BUG in FUNC at FILE:LINE!", h =>
    {
        const string lead = "kernel BUG in ";
        if (!h.StartsWith(lead, StringComparison.Ordinal))
        {
            return null;
        }
        int at = h.IndexOf(" at ", lead.Length, StringComparison.Ordinal);
        if (at <= lead.Length)
        {
            return null;
        }
        string function = h[lead.Length..at];
        foreach (char c in function)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_' && c != '.')
            {
                return null;
            }
        }
        return [function];
    });

    /// <summary><c>Oops - illegal instruction [#1]</c> (riscv die()): what trapped.</summary>
    private static HeaderPattern RiscvTrapHeader() => Matching("riscv Oops - …", h =>
    {
        const string lead = "Oops - ";
        int count = h.IndexOf(" [#", StringComparison.Ordinal);
        return h.StartsWith(lead, StringComparison.Ordinal) && count > lead.Length ? [h[lead.Length..count]] : null;
    });

    private static HeaderPattern TrustyAssert() => Matching("trusty ASSERT", h =>
    {
        int at = h.IndexOf("ASSERT FAILED at (", StringComparison.Ordinal);
        int close = at < 0 ? -1 : h.IndexOf("): ", at, StringComparison.Ordinal);
        return h.StartsWith("trusty: panic", StringComparison.Ordinal) && close > 0 && close + 3 < h.Length ? [h[(close + 3)..].Trim()] : null;
    });

    private static HeaderPattern TrustyPanic() => Matching("trusty panic", h =>
    {
        int close = h.IndexOf("): ", StringComparison.Ordinal);
        return h.StartsWith("trusty: panic (", StringComparison.Ordinal) && close > 0 && close + 3 < h.Length ? [h[(close + 3)..].Trim()] : null;
    });
}

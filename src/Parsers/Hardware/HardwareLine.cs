using System.Globalization;
using SolWatch.Parsers.Lines;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// Reads one console line as a piece of a hardware event, from the kernel's own formats: arch/x86/kernel/cpu/mce/core.c
/// (print_mce, mce_panic, mce_notify_irq; the 2.6-era mce_64.c/p4.c/k7.c), drivers/edac/mce_amd.c, drivers/edac/edac_mc.c
/// (3.6+ and the 2.6 forms), drivers/acpi/apei/ghes.c with drivers/firmware/efi/cper.c, arch/powerpc/kernel/mce.c,
/// traps.c's 32-bit handlers and platforms/powernv/opal-hmi.c, and arch/arm64/kernel/traps.c. Null for a line that is
/// none of them.
/// </summary>
internal static class HardwareLine
{
    /// <summary>HW_ERR (arch/x86/include/asm/mce.h, include/linux/cper.h): every x86/APEI hardware error line has it.</summary>
    public const string HwErr = "[Hardware Error]: ";

    /// <summary>bert.c (pr_fmt "BERT: "): printed before the Boot Error Record Table's records, the firmware's record of the
    /// error that ended the previous boot, each then printed by cper_estatus_print with HW_ERR and no "{N}".</summary>
    public const string BertHead = "BERT: Error records from previous boot:";

    public static HardwarePiece? Parse(string line)
    {
        KernelLine kernel = LinePrefix.Parse(line);
        if (Parse(kernel) is not { } piece)
        {
            return null;
        }
        long us = PrintkTime.Microseconds(kernel.Raw.AsSpan(0, kernel.TextStart));
        return us >= 0 ? piece with { Time = us } : piece;
    }

    private static HardwarePiece? Parse(KernelLine kernel)
    {
        ReadOnlySpan<char> text = kernel.TextSpan;
        if (text.StartsWith(BertHead, StringComparison.Ordinal))
        {
            // A firmware record like GHES's, of the previous boot: an event of this console, never a crash of this boot.
            return new HardwarePiece(PieceKind.GhesStart) { Begins = true };
        }
        if (!text.StartsWith(HwErr, StringComparison.Ordinal) && text.IndexOf("[Hardware Error]:", StringComparison.Ordinal) is > 0 and var hw)
        {
            // A prefix the line grammar does not know ("emerg kernel: mce: …", a wall message "… kernel:[Hardware Error]: …",
            // dmesg -T in another language): HW_ERR itself says where the message is; "{N}" and "mce: " may come before it.
            int from = hw;
            if (from > 0 && text[from - 1] == '}' && text[..from].LastIndexOf('{') is >= 0 and var brace)
            {
                from = brace;
            }
            text = text[from..];
        }
        var c = new TextCursor(text);
        c.Spaces();
        // pr_fmt of mce/core.c; "mce: " comes before HW_ERR.
        c.Literal("mce: ");
        int? sequence = null;
        if (c.Literal("{"))
        {
            // ghes.c's "{%u}" estatus sequence number, before HW_ERR.
            if (!c.Int(out int seq) || !c.Literal("}"))
            {
                return null;
            }
            sequence = seq;
        }
        bool hwErr = c.Literal(HwErr) || c.Literal("[Hardware Error]:");
        c.Spaces();
        if (hwErr && Ghes(ref c, sequence) is { } ghes)
        {
            return ghes;
        }
        if (!hwErr && c.Literal("EDAC "))
        {
            return Edac(ref c);
        }
        if (Mca(ref c) is { } mca)
        {
            return mca;
        }
        if (hwErr)
        {
            return Amd(ref c) ?? new HardwarePiece(PieceKind.HardwareErrorLine);
        }
        // A line the prefix grammar left whole (no timestamp, no syslog or journal prefix): maybe the rest of one a copy wrapped.
        bool bare = kernel.TextStart == 0;
        return AmdWrappedStatus(c.Rest, bare) ?? EdacWrappedDetails(c.Rest, bare) ?? PowerPc(ref c) ?? Arm64(ref c) ?? S390(ref c) ?? E752x(text.Trim()) ?? AerLine.Parse(text);
    }

    // The family/model/stepping a wrapped "CPU:%d (%x:%x:%x)" ends with, and nothing after it.
    private static bool WrappedAfterCpu(ReadOnlySpan<char> rest)
    {
        rest = rest.Trim();
        return rest.Length > 2 && rest[0] == '(' && rest[^1] == ')' && rest.IndexOfAny(' ', '[') < 0;
    }

    // edac_mc.c's 3.6+ line "%d %s %s%son %s (%s page:0x%lx offset:0x%lx grain:%ld syndrome:0x%lx%s%s)" is one printk:
    // a copy wrapped at its column limit (a mail client's) puts the rest on the next lines, alone and without the printk
    // or syslog prefix: the parenthesised details ("(csrow:1 channel:0 page:0xcaed59 offset:0x8e0 grain:64 …)"), the
    // rest of the head from " on " ("reporting race on mc#0csrow#0channel#0 (csrow:0 channel:0"), or the details' tail
    // ("page:0x1d4f52 offset:0x3b grain:1 syndrome:0x0)"). Such a line only continues an EDAC line, or a piece of one,
    // whose details have not ended yet (HardwarePiece.DetailsMissing); it never begins a record.
    private static HardwarePiece? EdacWrappedDetails(ReadOnlySpan<char> rest, bool bare)
    {
        rest = rest.Trim();
        if (!bare || rest.IsEmpty)
        {
            return null;
        }
        string? label = null;
        ReadOnlySpan<char> pairs;
        if (rest[0] == '(')
        {
            pairs = rest[1..];
        }
        else if (rest.IndexOf(" on ", StringComparison.Ordinal) is >= 0 and var on && rest[(on + 4)..].IndexOf(" (", StringComparison.Ordinal) is > 0 and var paren)
        {
            // The head wrapped before " on %s (": the label, then the details' first pairs.
            label = rest.Slice(on + 4, paren).Trim().ToString();
            pairs = rest[(on + 4 + paren + 2)..];
        }
        else
        {
            pairs = rest;
        }
        bool closes = pairs.EndsWith(")", StringComparison.Ordinal);
        if (closes)
        {
            pairs = pairs[..^1];
        }
        // edac_mc's pairs say which: the location's ("csrow:1 channel:0"), the page's ("page:0x… offset:0x… grain:…").
        bool edacPairs = pairs.IndexOf("page:0x", StringComparison.Ordinal) >= 0 && pairs.IndexOf(" offset:0x", StringComparison.Ordinal) >= 0
            && pairs.IndexOf(" grain:", StringComparison.Ordinal) >= 0;
        if (label is null && !(edacPairs && closes))
        {
            return null;
        }
        if (label is not null && !edacPairs && pairs.IndexOf(':') < 0)
        {
            return null;
        }
        var fields = new EdacFields();
        fields.ReadPairs(pairs);
        return new HardwarePiece(PieceKind.EdacDetail)
        {
            Wrapped = true,
            DetailsMissing = !closes,
            Location = string.IsNullOrEmpty(label) || label is "unknown memory" or "unknown label" ? null : label,
            Channel = fields.Channel,
            Dimm = fields.Dimm,
            Rank = fields.Rank,
            Socket = fields.Socket,
            Address = fields.Address,
        };
    }

    // mce_amd.c's status line wrapped off its "CPU:%d (%x:%x:%x) " head: "MC%d_STATUS[…]: 0x%016llx" at the start of a
    // line of its own, without HW_ERR or a timestamp. It only continues a record that has the head (Wrapped).
    private static HardwarePiece? AmdWrappedStatus(ReadOnlySpan<char> rest, bool bare)
    {
        var c = new TextCursor(rest);
        if (c.Literal("MC") && c.Int(out int bank) && c.Literal("_STATUS[") && c.After("]:"))
        {
            c.Spaces();
            if (c.Hex(out ulong status))
            {
                return new HardwarePiece(PieceKind.AmdStatus) { Bank = bank, Status = status, Wrapped = true };
            }
            // Wrapped a second time, after "]:": the value is alone on the next line (below).
            return c.Rest.Trim().IsEmpty ? new HardwarePiece(PieceKind.AmdStatus) { Bank = bank, Wrapped = true } : null;
        }
        // The value alone, "0x%016llx" and nothing else on a line without prefix: it only continues a status line that
        // ended after "]:" (RecordBuilder.Takes).
        ReadOnlySpan<char> value = rest.Trim();
        if (bare && value.Length == 18 && value.StartsWith("0x", StringComparison.Ordinal)
            && ulong.TryParse(value[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong alone))
        {
            return new HardwarePiece(PieceKind.AmdStatus) { Status = alone, Wrapped = true };
        }
        return null;
    }

    // core.c print_mce and its older forms. The same text follows "EDAC sbridge MC1: " when that driver copies it.
    private static HardwarePiece? Mca(ref TextCursor c)
    {
        int start = c.Position;
        if (c.Literal("Machine check events logged"))
        {
            return new HardwarePiece(PieceKind.Notice);
        }
        if (c.Literal("CPU#") && c.Int(out int p5Cpu) && c.Literal(": Machine Check Exception"))
        {
            // i386 p5.c/winchip.c: "CPU#0: Machine Check Exception:  0x… (type 0x…)."
            return new HardwarePiece(PieceKind.McaHead) { Cpu = p5Cpu, Begins = true };
        }
        c.Position = start;
        if (c.Literal("CPU ") && c.Int(out int cpu) && c.Literal(": "))
        {
            if (c.Literal("Machine Check"))
            {
                // "%s" is " Exception" when MCG_STATUS.MCIP (the exception handler), "" for a polled error; sbridge says "Event".
                _ = c.Literal(" Exception") || c.Literal(" Event");
                c.Literal(":");
                c.Spaces();
                ulong? mcg = c.Hex(out ulong g) ? g : null;
                int? bank = null;
                ulong? status = null;
                c.Spaces();
                if (c.Literal("Bank ") && c.Int(out int b))
                {
                    bank = b;
                    if (c.Literal(":"))
                    {
                        c.Spaces();
                        status = c.Hex(out ulong s) ? s : null;
                    }
                }
                return new HardwarePiece(PieceKind.McaHead) { Cpu = cpu, McgStatus = mcg, Bank = bank, Status = status, Begins = true };
            }
            if (c.Literal("Bank "))
            {
                return Bank(ref c, cpu);
            }
            c.Position = start;
            return null;
        }
        c.Position = start;
        if (c.Literal("Bank "))
        {
            return Bank(ref c, null);
        }
        if (c.Rest.StartsWith("TSC ", StringComparison.Ordinal) || c.Rest.StartsWith("ADDR ", StringComparison.Ordinal)
            || c.Rest.StartsWith("MISC ", StringComparison.Ordinal))
        {
            return Tail(ref c);
        }
        if (c.Literal("PROCESSOR ") && c.Int(out int vendor) && c.Literal(":") && c.Hex(out _))
        {
            int? socket = c.After(" SOCKET ") && c.Int(out int sk) ? sk : null;
            return new HardwarePiece(PieceKind.McaProcessor) { Vendor = vendor, Socket = socket };
        }
        c.Position = start;
        ReadOnlySpan<char> rest = c.Rest;
        if (rest.StartsWith("Machine check: ", StringComparison.Ordinal) || rest.StartsWith("Some CPUs didn't answer in synchronization", StringComparison.Ordinal))
        {
            // Printed by mce_panic() only, right before panic().
            return new HardwarePiece(PieceKind.McaNote) { Severity = HardwareSeverity.Fatal };
        }
        // sb_edac.c 3.3-3.5 copied the MCE with plain printk: "sbridge: HANDLING MCE MEMORY ERROR", then print_mce's lines
        // without a prefix (3.6+ says "EDAC sbridge MC1: HANDLING MCE MEMORY ERROR").
        if (rest.StartsWith("HARDWARE ERROR", StringComparison.Ordinal) || rest.StartsWith("HANDLING MCE MEMORY ERROR", StringComparison.Ordinal)
            || rest.StartsWith("sbridge: HANDLING MCE MEMORY ERROR", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.McaNote) { Begins = true };
        }
        if (rest.StartsWith("RIP", StringComparison.Ordinal) || rest.StartsWith("Run the above through 'mcelog --ascii'", StringComparison.Ordinal)
            || rest.StartsWith("This is not a software problem!", StringComparison.Ordinal)
            || rest.StartsWith("Run through mcelog --ascii", StringComparison.Ordinal) || rest.StartsWith("Fake kernel panic: ", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.McaNote);
        }
        return null;
    }

    // mce_64.c (2.6.18) "Bank %d: %016Lx" with " at %016Lx"; i386 p4.c/k7.c "Bank %d: %08x%08x" with "[%08x%08x]" (MISC) and " at %08x%08x".
    private static HardwarePiece? Bank(ref TextCursor c, int? cpu)
    {
        if (!c.Int(out int bank) || !c.Literal(":"))
        {
            return null;
        }
        c.Spaces();
        if (!c.Hex(out ulong status))
        {
            return null;
        }
        ulong? misc = null;
        if (c.Literal("[") && c.Hex(out ulong m))
        {
            misc = m;
            c.Literal("]");
        }
        ulong? address = c.Literal(" at ") && c.Hex(out ulong a) ? a : null;
        return new HardwarePiece(PieceKind.McaBank) { Cpu = cpu, Bank = bank, Status = status, Misc = misc, Address = address };
    }

    // "TSC %llx [ADDR %llx ][MISC %llx ][SYND %llx ][IPID %llx ]", or one of them alone (EDAC sbridge).
    private static HardwarePiece Tail(ref TextCursor c)
    {
        ulong? address = null;
        ulong? misc = null;
        while (!c.AtEnd)
        {
            c.Spaces();
            bool addr = c.Literal("ADDR ");
            bool isMisc = !addr && c.Literal("MISC ");
            if (!addr && !isMisc && !(c.Literal("TSC ") || c.Literal("SYND ") || c.Literal("IPID ")))
            {
                break;
            }
            if (!c.Hex(out ulong v))
            {
                break;
            }
            if (addr)
            {
                address = v;
            }
            else if (isMisc)
            {
                misc = v;
            }
        }
        int? vendor = null;
        int? socket = null;
        if (c.Literal("PROCESSOR ") && c.Int(out int cpuVendor) && c.Literal(":") && c.Hex(out _))
        {
            // sb_edac.c 3.3-3.5 printed "TSC %llx ", "ADDR %llx ", "MISC %llx " and "PROCESSOR %u:%x TIME %llu SOCKET %u APIC %x"
            // with plain printk, no level: one console line.
            vendor = cpuVendor;
            socket = c.After(" SOCKET ") && c.Int(out int sk) ? sk : null;
        }
        return new HardwarePiece(PieceKind.McaTail) { Address = address, Misc = misc, Vendor = vendor, Socket = socket };
    }

    // mce_amd.c amd_decode_mce and its 3.x forms.
    private static HardwarePiece? Amd(ref TextCursor c)
    {
        int start = c.Position;
        c.Literal("Error Status: ");
        if (AmdMessage(c.Rest) is { } severity)
        {
            return new HardwarePiece(PieceKind.AmdMessage) { Severity = severity };
        }
        c.Position = start;
        int? cpu = c.Literal("CPU:") && c.Int(out int n) ? n : null;
        if (cpu is not null && WrappedAfterCpu(c.Rest))
        {
            // "CPU:%d (%x:%x:%x) MC%d_STATUS[…]" is one pr_emerg: a copy wrapped at its column limit left the CPU here and
            // put "MC%d_STATUS[…]: 0x…" on the next line without prefix (AmdWrappedStatus).
            return new HardwarePiece(PieceKind.AmdStatus) { Cpu = cpu };
        }
        if (cpu is not null)
        {
            // " (17:31:0) MC27_STATUS[…]" or the 3.x "\tMC4_STATUS[…]".
            c.After("MC");
        }
        else
        {
            c.Position = start;
            c.Literal("MC");
        }
        if (c.Position > start && c.Int(out int bank))
        {
            if (c.Literal("_STATUS[") && c.After("]: ") && c.Hex(out ulong status))
            {
                return new HardwarePiece(PieceKind.AmdStatus) { Cpu = cpu, Bank = bank, Status = status };
            }
            if (c.Literal("_ADDR: ") && c.Hex(out ulong a))
            {
                return new HardwarePiece(PieceKind.AmdAddress) { Address = a };
            }
            if (cpu is null && c.Literal(" Error"))
            {
                // mce_amd.c prints an empty decode between two separators on some banks ("MC2 Error: : SNP error …").
                string? what = c.After(": ") && c.Rest.TrimStart(": ").Trim() is { IsEmpty: false } w ? w.ToString() : null;
                return new HardwarePiece(PieceKind.AmdBankError) { Bank = bank, ErrorType = what, Begins = true };
            }
        }
        c.Position = start;
        if (OldBankError(c.Rest) is { } old)
        {
            return old;
        }
        if (c.Literal("Error Addr: ") && c.Hex(out ulong address))
        {
            return new HardwarePiece(PieceKind.AmdAddress) { Address = address };
        }
        ReadOnlySpan<char> rest = c.Rest;
        int ext = rest.IndexOf(" Ext. Error Code: ", StringComparison.Ordinal);
        if (ext > 0)
        {
            // "Unified Memory Controller Ext. Error Code: 0, DRAM ECC error." -> "Unified Memory Controller: DRAM ECC error."
            ReadOnlySpan<char> code = rest[(ext + " Ext. Error Code: ".Length)..];
            int comma = code.IndexOf(", ", StringComparison.Ordinal);
            string what = comma < 0 ? rest[..ext].ToString() : $"{rest[..ext]}: {code[(comma + 2)..].Trim()}";
            return new HardwarePiece(PieceKind.AmdDetail) { ErrorType = what };
        }
        if (rest.StartsWith("IPID: ", StringComparison.Ordinal) || rest.StartsWith("cache level: ", StringComparison.Ordinal)
            || rest.StartsWith("internal: ", StringComparison.Ordinal) || rest.StartsWith("Syndrome: ", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.AmdDetail);
        }
        return null;
    }

    // mce_amd.c before 3.3 named each bank's decode by its unit, where 3.3+ prints "MC%d Error": amd_decode_dc_mce's "Data
    // Cache Error: ", _ic_ "Instruction Cache Error", _bu_ "Bus Unit Error" (F15h's _cu_ "Combined Unit Error: "), _ls_
    // "Load Store Error", amd_decode_nb_mce's "Northbridge Error (node %d): ", _fr_ "%s Error: " (F15h "Execution Unit",
    // else "FIROB"), _fp_ "Floating Point Unit Error: ". 3.0-3.2 print it after "CPU:%d\tMC%d_STATUS[…]" and
    // "\tMC%d_ADDR" (RecordBuilder.Takes joins it to that record by its bank); the description follows the name, after
    // ": " or a blank (" during data read.", " in the write data buffers.").
    private static readonly (string Name, int Bank)[] OldBankNames =
    [
        ("Data Cache Error", 0), ("Instruction Cache Error", 1), ("Bus Unit Error", 2), ("Combined Unit Error", 2),
        ("Load Store Error", 3), ("Northbridge Error (node ", 4), ("Execution Unit Error", 5), ("FIROB Error", 5),
        ("Floating Point Unit Error", 6),
    ];

    private static HardwarePiece? OldBankError(ReadOnlySpan<char> rest)
    {
        foreach ((string name, int bank) in OldBankNames)
        {
            if (!rest.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }
            ReadOnlySpan<char> what = rest[name.Length..];
            bool named;
            if (bank == 4)
            {
                // "Northbridge Error (node %d): …": the node is the record's CPU's, not read here.
                int close = what.IndexOf("): ", StringComparison.Ordinal);
                if (close < 0 || !int.TryParse(what[..close], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return null;
                }
                what = what[(close + 3)..];
                named = true;
            }
            else if (what.StartsWith(":", StringComparison.Ordinal))
            {
                what = what[1..];
                named = true;
            }
            else if (what.IsEmpty || what[0] == ' ')
            {
                // " during data read.": the name and its description are one sentence.
                named = false;
            }
            else
            {
                return null;
            }
            what = what.Trim();
            string? type = what.IsEmpty ? null : named ? what.ToString() : rest.Trim().ToString();
            return new HardwarePiece(PieceKind.AmdBankError) { Bank = bank, ErrorType = type, Begins = true };
        }
        return null;
    }

    private static HardwareSeverity? AmdMessage(ReadOnlySpan<char> s)
    {
        if (s.StartsWith("Corrected error, no action required.", StringComparison.Ordinal))
        {
            return HardwareSeverity.Corrected;
        }
        if (s.StartsWith("Deferred error", StringComparison.Ordinal))
        {
            return HardwareSeverity.Deferred;
        }
        if (s.StartsWith("Uncorrected, software restartable error.", StringComparison.Ordinal)
            || s.StartsWith("Uncorrected, software containable error.", StringComparison.Ordinal))
        {
            return HardwareSeverity.UncorrectedRecoverable;
        }
        if (s.StartsWith("System Fatal error.", StringComparison.Ordinal))
        {
            return HardwareSeverity.Fatal;
        }
        return null;
    }

    // edac_mc.c: "EDAC MC%d: …". A driver's own lines, "EDAC sbridge MC1: …", are read as MCE text: sb_edac.c prints
    // "HANDLING MCE MEMORY ERROR" and its copy of the MCE ("CPU 1: Machine Check Event: …", "TSC 0", "ADDR …").
    private static HardwarePiece? Edac(ref TextCursor c)
    {
        int start = c.Position;
        if (c.Literal("MC") && c.Int(out int mc) && c.Literal(": "))
        {
            return EdacError(ref c, mc);
        }
        c.Position = start;
        // "EDAC sbridge MC1: ", "EDAC skx: ": a driver's name, an optional controller, then the MCE text. The controller is
        // edac_mc_chipset_printk's "EDAC " prefix " MC%d: " with mci->mc_idx, the memory controller that decoded the error.
        ReadOnlySpan<char> driver = c.Until(' ');
        if (!c.Literal(" "))
        {
            return null;
        }
        if (driver.SequenceEqual("DEBUG:") && c.Rest.StartsWith("skx_mce_output_error:", StringComparison.Ordinal))
        {
            // skx_common.c skx_mce_output_error: edac_dbg(0, "%s\n", msg) with CONFIG_EDAC_DEBUG, "EDAC DEBUG:
            // skx_mce_output_error:  err_code:… SystemAddress:…", between the driver's copy of the MCE and edac_mc's line:
            // a line of that copy's record (none open: no record of its own).
            return new HardwarePiece(PieceKind.McaNote);
        }
        if (driver.EndsWith(':'))
        {
            // edac_printk's "EDAC %s: " with no controller: "EDAC e752x: Non-Fatal Error PCI Express B",
            // "EDAC i5000: \tNON-Retry  Errors, bits= 0x800".
            return Chipset(c.Rest, null);
        }
        int? controller = c.Literal("MC") && c.Int(out int n) ? n : null;
        if (!c.Literal(": "))
        {
            return null;
        }
        if (Chipset(c.Rest, controller) is { } chipset)
        {
            return chipset;
        }
        if (driver.SequenceEqual("amd64") && c.Literal("CE ERROR_ADDRESS= ") && c.Hex(out ulong sysAddr))
        {
            // amd64_edac.c amd64_handle_ce (2.6.32-3.x), called from mce_amd's northbridge decode: "CE ERROR_ADDRESS= 0x%llx",
            // the system address of the error mce_amd is printing. It may begin the record: 2.6.32's bare
            // " Northbridge Error, node %d" head before it has no word of the pre-scan (HardwareAnchors), so it is not read,
            // and edac_mc_handle_ce's line after it is this error's.
            return new HardwarePiece(PieceKind.AmdDetail) { Address = sysAddr, MemoryController = controller, Begins = true };
        }
        HardwarePiece? mca = Mca(ref c);
        return mca is not null && controller is not null ? mca with { MemoryController = controller } : mca;
    }

    // The chipset drivers' own reports of an error their registers logged, before or instead of edac_mc's line.
    private static HardwarePiece? Chipset(ReadOnlySpan<char> s, int? controller)
    {
        if (s.StartsWith("NON-FATAL ERRORS Found!!!", StringComparison.Ordinal))
        {
            // i5000_edac.c (2.6.2x) i5000_mc_printk: "NON-FATAL ERRORS Found!!! 1st NON-FATAL Err Reg= 0x%x", the first
            // non-fatal FB-DIMM error of the controller; what class it was comes on the next line.
            return new HardwarePiece(PieceKind.Edac) { MemoryController = controller, Begins = true };
        }
        ReadOnlySpan<char> detail = s.StartsWith("^I", StringComparison.Ordinal) ? s[2..]
            : s.StartsWith("#011", StringComparison.Ordinal) ? s[4..] : s.TrimStart();
        if (detail.StartsWith("NON-Retry  Errors, bits= ", StringComparison.Ordinal))
        {
            // i5000_printk "\tNON-Retry  Errors, bits= 0x%x" (the tab shown as "^I" by sysklogd, "#011" by rsyslog): the
            // non-retry class of FB-DIMM errors, which later kernels hand to edac_mc_handle_error as HW_EVENT_ERR_CORRECTED
            // "Misc error".
            return new HardwarePiece(PieceKind.EdacDetail) { Severity = HardwareSeverity.Corrected };
        }
        return E752x(s);
    }

    // e752x_edac.c: "%sError %s" with fatal_message "Non-Fatal "/"Fatal " and the unit that logged it (global_message,
    // hub_message, membuf_message, "System Bus %s" with sysbus_message; nsi_message through a plain printk). Printed
    // under "EDAC e752x: " since 2.6.17, bare before; the NSI lines are bare in every kernel. Each line is one error the
    // chipset logged (first-error and next-error registers each print theirs).
    private static readonly string[] E752xUnits =
    [
        "PCI Express C1", "PCI Express C", "PCI Express B1", "PCI Express B", "PCI Express A1", "PCI Express A", "DMA Controller",
        "HUB or NS Interface", "System Bus", "DRAM Controller", "Internal Buffer",
        "HI Address or Command Parity", "HI Illegal Access", "HI Internal Parity", "Out of Range Access", "HI Data Parity",
        "Enhanced Config Access", "Hub Interface Target Abort",
        "Internal PMWB to DRAM parity", "Internal PMWB to System Bus Parity", "Internal System Bus or IO to PMWB Parity",
        "Internal DRAM to PMWB Parity",
        "System Bus Addr or Request Parity", "System Bus Data Strobe Glitch", "System Bus Addr Strobe Glitch", "System Bus Data Parity",
        "System Bus Addr Above TOM", "System Bus Non DRAM Lock Error", "System Bus MCERR", "System Bus BINIT", "System Bus Memory Parity",
        "System Bus IO Subsystem Parity",
        "NSI Link Down", "NSI Parity Error", "Non-Fatal Error Message", "Fatal Error Message", "Data Link Protocol Error",
        "Poisoned TLP", "Completion Timeout", "Completer Abort", "Unexpected Completion", "Receiver Overflow", "Malformed TLP",
        "Unsupported Request",
    ];

    // The NSI's PCIe correctable errors (its non-fatal mask holds them beside the uncorrectable ones).
    private static readonly string[] E752xCorrectable =
        ["Correctable Error Message", "Receiver Error", "Bad TLP", "Bad DLLP", "REPLAY_NUM Rollover", "Replay Timer Timeout"];

    private static HardwarePiece? E752x(ReadOnlySpan<char> s)
    {
        bool fatal = s.StartsWith("Fatal Error ", StringComparison.Ordinal);
        if (!fatal && !s.StartsWith("Non-Fatal Error ", StringComparison.Ordinal))
        {
            return null;
        }
        ReadOnlySpan<char> unit = s[(fatal ? "Fatal Error ".Length : "Non-Fatal Error ".Length)..].TrimEnd();
        bool correctable = !fatal && Known(E752xCorrectable, unit);
        if (!correctable && !Known(E752xUnits, unit))
        {
            return null;
        }
        return new HardwarePiece(PieceKind.Edac)
        {
            Severity = fatal ? HardwareSeverity.Fatal : correctable ? HardwareSeverity.Corrected : HardwareSeverity.UncorrectedRecoverable,
            ErrorType = unit.ToString(),
            Begins = true,
        };
    }

    private static bool Known(string[] names, ReadOnlySpan<char> name)
    {
        foreach (string n in names)
        {
            if (name.SequenceEqual(n))
            {
                return true;
            }
        }
        return false;
    }

    // 3.6+: "%d %s %s%son %s (%s page:0x%lx offset:0x%lx grain:%ld syndrome:0x%lx%s%s)" with %s the type (CE, UE, DE,
    // Fatal, Info) then the message; 2.6: "CE page 0x%lx, offset 0x%lx, grain %d, syndrome 0x%lx, row %d, channel %d,
    // label \"%s\": %s", "UE page …, labels \":%s\": %s", "CE - no information available: %s".
    private static HardwarePiece? EdacError(ref TextCursor c, int mc)
    {
        int count = 1;
        bool counted = c.Int(out int n);
        if (counted)
        {
            count = n;
            if (!c.Literal(" "))
            {
                return null;
            }
        }
        HardwareSeverity? severity = c.Literal("CE") ? HardwareSeverity.Corrected
            : c.Literal("UE") ? HardwareSeverity.UncorrectedRecoverable
            : c.Literal("DE") ? HardwareSeverity.Deferred
            : c.Literal("Fatal") ? HardwareSeverity.Fatal
            : c.Literal("Info") ? HardwareSeverity.Unknown
            : null;
        if (severity is null || !c.Literal(" "))
        {
            return null;
        }
        var fields = new EdacFields();
        string? message = null;
        string? label = null;
        bool detailsMissing = false;
        if (c.Rest.StartsWith("row ", StringComparison.Ordinal))
        {
            // 2.6.19-3.5 edac_mc_handle_fbd_ce "CE row %d, channel %d, label \"%s\": %s" and edac_mc_handle_fbd_ue
            // "UE row %d, channel-a= %d channel-b= %d labels \"%s\": %s" (i5000, i5400, i7core, sb_edac): the row, a
            // channel (the UE's pair names none), the label; the message after it is the driver's own text.
            int labels = c.Rest.IndexOf(" label", StringComparison.Ordinal);
            fields.ReadOld(labels < 0 ? c.Rest : c.Rest[..labels]);
            label = c.After("label \"") || c.After("labels \"") ? c.Until('"').ToString() : null;
            fields.ReadLabel(label);
        }
        else if (c.Rest.StartsWith("page 0x", StringComparison.Ordinal))
        {
            // 2.6 form: comma-separated "name value" pairs, then the label in quotes.
            fields.ReadOld(c.Rest);
            label = c.After("label \"") || c.After("labels \"") ? c.Until('"').ToString() : null;
        }
        else if (c.Literal("- no information available"))
        {
            message = "no information available";
        }
        else
        {
            int on = c.Rest.IndexOf("on ", StringComparison.Ordinal) == 0 ? 0 : c.Rest.IndexOf(" on ", StringComparison.Ordinal);
            if (on < 0 && !counted)
            {
                return null;
            }
            if (on < 0)
            {
                // The 3.6+ head "%d %s " with its " on %s (…)" lost: the console cut the line, or another writer on the
                // same port (firmware's "ERROR: C00000002:…" status line) spliced into it. The count and the class are
                // edac_mc's; what follows them is not, so no message, location or field is taken from it.
                // A copy wrapped at its column limit has the rest on the next line without prefix (EdacWrappedDetails).
                return new HardwarePiece(PieceKind.Edac) { MemoryController = mc, Count = count, Severity = severity, DetailsMissing = true };
            }
            message = on == 0 ? null : c.Rest[..on].Trim().ToString();
            c.Position += on == 0 ? 3 : on + 4;
            int paren = c.Rest.IndexOf(" (", StringComparison.Ordinal);
            label = (paren < 0 ? c.Rest : c.Rest[..paren]).Trim().ToString();
            // The details always follow the label in " (…)": a line that ends after the label lost them (cut, or wrapped
            // onto the next line by a copy: EdacWrappedDetails).
            detailsMissing = paren < 0;
            if (paren >= 0)
            {
                c.Position += paren + 2;
                ReadOnlySpan<char> details = c.Rest;
                int close = details.LastIndexOf(')');
                fields.ReadPairs(close < 0 ? details : details[..close]);
            }
            fields.ReadLabel(label);
        }
        return new HardwarePiece(PieceKind.Edac)
        {
            // ghes_edac.c: other_detail "APEI location: %s …" (3.10+).
            FromCper = c.Rest.Contains(" - APEI location: ", StringComparison.Ordinal),
            DetailsMissing = detailsMissing,
            MemoryController = mc,
            Count = count,
            Severity = severity,
            ErrorType = string.IsNullOrEmpty(message) ? null : message,
            // "-": no label known (the FBD UE form's pair of labels, unset); ":" (or "::"): 2.6 edac_mc_handle_ue's labels,
            // the row's channel labels joined by ':', all of them empty.
            Location = string.IsNullOrEmpty(label) || label is "unknown memory" or "unknown label" or "-" || OnlySeparators(label) ? null : label,
            Channel = fields.Channel,
            Dimm = fields.Dimm,
            Rank = fields.Rank,
            Socket = fields.Socket,
            Address = fields.Address,
        };
    }

    // edac_mc_handle_ue (2.6-3.5): the labels of a row's channels, channel 0's then ":%s" for each other one.
    private static bool OnlySeparators(string label) => label.AsSpan().IndexOfAnyExcept(':') < 0;

    // ghes.c/cper.c lines (after "{N}[Hardware Error]: " and cper's indent).
    private static HardwarePiece? Ghes(ref TextCursor c, int? sequence)
    {
        ReadOnlySpan<char> s = c.Rest;
        if (s.StartsWith("Hardware error from APEI Generic Hardware Error Source", StringComparison.Ordinal)
            || s.StartsWith("APEI generic hardware error status", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.GhesStart) { GhesSequence = sequence, Begins = true };
        }
        var field = new HardwarePiece(PieceKind.GhesField) { GhesSequence = sequence };
        if (s.StartsWith("It has been corrected by h/w and requires no further action", StringComparison.Ordinal))
        {
            return field with { Severity = HardwareSeverity.Corrected };
        }
        if (c.Literal("event severity: ") || (c.Literal("severity: ") && c.Int(out _) && c.Literal(", ")))
        {
            return field with { Severity = CperSeverity(c.Rest.Trim()) };
        }
        if (c.Literal("fru_text: "))
        {
            return field with { Location = c.Rest.Trim().ToString() };
        }
        if (c.Literal("DIMM location: "))
        {
            // cper.c cper_dimm_err_location: "DIMM location: not present. DMI handle: 0x%.4x" when DMI names no DIMM.
            return c.Rest.StartsWith("not present.", StringComparison.Ordinal) ? field : field with { Location = c.Rest.Trim().ToString() };
        }
        if (c.Literal("section_type: "))
        {
            return field with { ErrorType = c.Rest.Trim().ToString() };
        }
        if (c.Literal("error_type: "))
        {
            int value = c.Position;
            if (c.Int(out _) && c.Literal(", "))
            {
                return field with { ErrorType = c.Rest.Trim().ToString(), ErrorDetail = true };
            }
            c.Position = value;
            if (c.Literal("0x") && c.Hex(out _) && c.Literal(": "))
            {
                // cper-arm.c since 6.12: "%serror_type: 0x%02x: %s%s", the names cper_bits_to_str joins ("cache
                // error|bus error") and " with reserved bit(s)" when bits outside the mask are set; none named: no type.
                ReadOnlySpan<char> names = c.Rest.Trim();
                if (names.EndsWith(" with reserved bit(s)", StringComparison.Ordinal))
                {
                    names = names[..^" with reserved bit(s)".Length].TrimEnd();
                }
                return names.IsEmpty ? field : field with { ErrorType = names.ToString(), ErrorDetail = true };
            }
        }
        if (c.Literal("Error Structure Type: "))
        {
            // cper-x86.c cper_print_proc_ia: an IA32/X64 section's "%sError Structure Type: %s" for each error information
            // structure, one of cper_proc_error_type_strs ("cache error", "TLB error", …); "unknown" or a GUID names none.
            ReadOnlySpan<char> kind = c.Rest.Trim();
            return ProcErrorTypes(kind) ? field with { ErrorType = kind.ToString(), ErrorDetail = true } : field;
        }
        if (c.Literal("physical_address: ") && c.Hex(out ulong address))
        {
            return field with { Address = address };
        }
        if (c.Literal("physical fault address: ") && c.Hex(out ulong fault))
        {
            // cper-arm.c cper_print_proc_arm, an error info structure's "%sphysical fault address: 0x%016llx".
            return field with { Address = fault };
        }
        if (s.StartsWith("node:", StringComparison.Ordinal))
        {
            var fields = new EdacFields();
            fields.ReadPairs(s);
            return field with { Rank = fields.Rank, Dimm = fields.Dimm, Channel = fields.Channel };
        }
        if (ProcErrorTypes(s.Trim()))
        {
            // cper.c cper_print_proc_generic: "error_type: 0x%02x", then cper_print_bits' names of its bits on a line of
            // their own ("TLB error", "cache error, bus error"): what the processor error was.
            return field with { ErrorType = s.Trim().ToString(), ErrorDetail = true };
        }
        // Any other CPER field is a line of the record when it carries the record's sequence number.
        return sequence is null ? null : field;
    }

    // cper.c cper_proc_error_type_strs, as cper_print_bits joins them (", ").
    private static bool ProcErrorTypes(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty)
        {
            return false;
        }
        foreach (Range part in s.Split(", "))
        {
            if (s[part] is not ("cache error" or "TLB error" or "bus error" or "micro-architectural error"))
            {
                return false;
            }
        }
        return true;
    }

    private static HardwareSeverity CperSeverity(ReadOnlySpan<char> word) => word switch
    {
        "corrected" => HardwareSeverity.Corrected,
        "recoverable" => HardwareSeverity.UncorrectedRecoverable,
        "fatal" => HardwareSeverity.Fatal,
        _ => HardwareSeverity.Unknown,
    };

    // powerpc mce.c: "MCE: CPU%d: machine check (%s) %s %s %s %s[%s]" (4.19+), before that
    // "%s%s Machine check interrupt [%s]" with "  Error type: %s [%s]" and "    Effective/Physical address: %016llx".
    private static HardwarePiece? PowerPc(ref TextCursor c)
    {
        int start = c.Position;
        if (c.Literal("MCE: CPU") && c.Int(out int cpu) && c.Literal(": "))
        {
            if (!c.Literal("machine check ("))
            {
                // "MCE: CPU%d: PID: %d Comm: %s %sNIP: [%016llx]%s" for an error in user mode or a guest (5.2+).
                return new HardwarePiece(PieceKind.PowerPcField) { Cpu = cpu, UserContext = c.Rest.StartsWith("PID: ", StringComparison.Ordinal) };
            }
            ReadOnlySpan<char> level = c.Until(')');
            c.Literal(")");
            ReadOnlySpan<char> rest = c.Rest;
            bool recovered = rest.EndsWith("[Recovered]", StringComparison.Ordinal);
            int bracket = rest.LastIndexOf('[');
            ReadOnlySpan<char> what = (bracket < 0 ? rest : rest[..bracket]).Trim();
            ulong? address = null;
            int pa = what.IndexOf("paddr: ", StringComparison.Ordinal);
            int dar = what.IndexOf("DAR: ", StringComparison.Ordinal);
            int at = pa >= 0 ? pa + "paddr: ".Length : dar >= 0 ? dar + "DAR: ".Length : -1;
            if (at >= 0)
            {
                var a = new TextCursor(what[at..]);
                address = a.Hex(out ulong v) ? v : null;
            }
            int cut = dar >= 0 ? dar : pa;
            string errorType = (cut >= 0 ? what[..cut] : what).Trim().ToString();
            // "%s %s %s %s": in_guest ? "Guest" : "Host", then the error type and subtype; where it happened is not its type.
            bool guest = errorType.StartsWith("Guest ", StringComparison.Ordinal);
            errorType = errorType.StartsWith("Host ", StringComparison.Ordinal) ? errorType[5..] : guest ? errorType[6..] : errorType;
            return new HardwarePiece(PieceKind.PowerPcHead)
            {
                Cpu = cpu, Address = address, ErrorType = errorType, Begins = true,
                Severity = guest && !recovered && !level.SequenceEqual("Fatal") ? HardwareSeverity.UncorrectedRecoverable : PowerPcSeverity(level, recovered),
                Containable = !recovered && !level.SequenceEqual("Fatal"),
            };
        }
        c.Position = start;
        ReadOnlySpan<char> text = c.Rest;
        if (text.StartsWith("Machine check in kernel mode.", StringComparison.Ordinal)
            || text.StartsWith("Data machine check in kernel mode.", StringComparison.Ordinal)
            || text.StartsWith("Instruction machine check in kernel mode.", StringComparison.Ordinal))
        {
            // traps.c's 32-bit handlers (machine_check_generic, _8xx, _e500/_e500mc, _4xx, and machine_check_exception
            // before them): printed before the cause, for an error no platform hook recovered. The kernel dies next
            // (die("Machine check"), see HardwareTracker) unless the e500mc handler found it recoverable: no severity here.
            return new HardwarePiece(PieceKind.PowerPcHead) { Begins = true };
        }
        if ((c.Literal("Caused by (from SRR1=") || c.Literal("Caused by (from MCSR=")) && c.Hex(out _) && c.Literal("): "))
        {
            // "Caused by (from SRR1=%lx): " then the cause: "Transfer error ack signal", "L1 Data Cache error", 8xx's
            // "Data access error at address %lx"/"Fetch error at address %lx" (e500 lists MCSR's bits after it).
            ReadOnlySpan<char> cause = c.Rest.Trim();
            int at = cause.IndexOf(" at address ", StringComparison.Ordinal);
            ulong? where = null;
            if (at > 0)
            {
                var a = new TextCursor(cause[(at + " at address ".Length)..]);
                where = a.Hex(out ulong v) ? v : null;
                cause = cause[..at];
            }
            return new HardwarePiece(PieceKind.PowerPcField) { ErrorType = cause.IsEmpty ? null : cause.ToString(), Address = where };
        }
        int hmi = text.IndexOf("Hypervisor Maintenance interrupt [", StringComparison.Ordinal);
        if (hmi >= 0)
        {
            // powernv opal-hmi.c print_hmi_event_info: "%s%s Hypervisor Maintenance interrupt [%s]" with the severity
            // ("Harmless", "" for a warning, "Severe", "Fatal") and the disposition; the kernel panics ("Unrecoverable HMI
            // exception") only when it is "Not recovered". A recovered one is corrected (harmless, warning) or an
            // uncorrected error the hypervisor contained.
            ReadOnlySpan<char> level = text[..hmi].Trim();
            bool recovered = text.EndsWith("[Recovered]", StringComparison.Ordinal);
            HardwareSeverity severity = !recovered ? HardwareSeverity.Fatal
                : level.IsEmpty || level.SequenceEqual("Harmless") ? HardwareSeverity.Corrected
                : HardwareSeverity.UncorrectedRecoverable;
            return new HardwarePiece(PieceKind.PowerPcHead) { Severity = severity, Begins = true };
        }
        if (c.Literal("Error detail: "))
        {
            // The HMI's type: "Malfunction Alert", "Processor Recovery done", "Timer facility experienced an error"…
            return new HardwarePiece(PieceKind.PowerPcField) { ErrorType = c.Rest.Trim().ToString() };
        }
        if (text.StartsWith("HMER: ", StringComparison.Ordinal) || text.StartsWith("TFMR: ", StringComparison.Ordinal)
            || text.StartsWith("CPU PIR: ", StringComparison.Ordinal) || text.StartsWith("[Unit: ", StringComparison.Ordinal)
            || text.StartsWith("Unknown Core check stop.", StringComparison.Ordinal) || text.StartsWith("Unknown NX check stop.", StringComparison.Ordinal)
            || text.StartsWith("NX checkstop on CHIP ID: ", StringComparison.Ordinal) || text.StartsWith("NPU checkstop on chip ", StringComparison.Ordinal)
            || text.StartsWith("NPU FIR", StringComparison.Ordinal) || text.StartsWith("Unknown Malfunction Alert of type ", StringComparison.Ordinal))
        {
            // The HMI's registers and a malfunction alert's checkstop reason (print_checkstop_reason), tab-indented.
            return new HardwarePiece(PieceKind.PowerPcField);
        }
        int mc = c.Rest.IndexOf(" Machine check interrupt [", StringComparison.Ordinal);
        if (mc > 0)
        {
            ReadOnlySpan<char> level = c.Rest[..mc].Trim();
            bool recovered = c.Rest.EndsWith("[Recovered]", StringComparison.Ordinal);
            return new HardwarePiece(PieceKind.PowerPcHead)
            {
                Severity = PowerPcSeverity(level, recovered), Containable = !recovered && !level.SequenceEqual("Fatal"), Begins = true,
            };
        }
        if (c.Literal("Error type: "))
        {
            // "  Error type: %s [%s]": the type and its subtype, as 5.2+ prints them ("SLB Multihit", "UE Load/Store").
            ReadOnlySpan<char> type = c.Rest.Trim();
            int open = type.IndexOf(" [", StringComparison.Ordinal);
            string errorType = open > 0 && type.EndsWith("]", StringComparison.Ordinal)
                ? string.Concat(type[..open], " ", type[(open + 2)..^1])
                : type.ToString();
            return new HardwarePiece(PieceKind.PowerPcField) { ErrorType = errorType };
        }
        if ((c.Literal("Physical address: ") || c.Literal("Effective address: ")) && c.Hex(out ulong address2))
        {
            return new HardwarePiece(PieceKind.PowerPcField) { Address = address2 };
        }
        if (c.Literal("Initiator: "))
        {
            return new HardwarePiece(PieceKind.PowerPcField);
        }
        bool guestNip = c.Literal("Guest NIP: ");
        if (guestNip || c.Literal("NIP [") || c.Literal("NIP: ["))
        {
            // Before 5.2: "  NIP [%016llx]: %pS" in the kernel, "  NIP: [%016llx] PID: %d Comm: %s" in user mode,
            // "  Guest NIP: %016llx" in a guest. show_regs()'s "NIP:  %016lx LR: …" is the register dump after it, not a
            // line of the record.
            return new HardwarePiece(PieceKind.PowerPcField) { UserContext = guestNip || c.Rest.Contains(" PID: ", StringComparison.Ordinal) };
        }
        return null;
    }

    // mce.c sevstr: "Warning" for MCE_SEV_WARNING, "Error" for MCE_SEV_ERROR_SYNC, "Severe", "Fatal".
    private static HardwareSeverity PowerPcSeverity(ReadOnlySpan<char> level, bool recovered) =>
        level.SequenceEqual("Fatal") ? HardwareSeverity.Fatal
        : !recovered ? HardwareSeverity.Fatal
        : level.SequenceEqual("Warning") ? HardwareSeverity.Corrected
        : HardwareSeverity.UncorrectedRecoverable;

    // arch/s390/kernel/nmi.c. s390_handle_mcck(), when s390_do_machine_check() could not restore a user task's registers
    // (nmi_registers_valid false in user mode): printk(KERN_EMERG "mcck: Terminating task because of machine malfunction
    // (code 0x%016lx).\n") and "mcck: task: %s, pid: %d.\n", then SIGKILL (do_exit(SIGSEGV) before 5.x): the error is
    // contained, the kernel goes on (panic("mcck: Attempting to kill init!") when the task is init: fatal by the panic).
    // s390_handle_damage() (system damage, a kernel-mode register loss, uncorrected storage errors): sclp_emergency_printk
    // "System stopped due to unrecoverable machine check, code: 0x%016llX", then a disabled wait: fatal.
    // A channel report ("crw_info : CRW reports slct=…", crw.c) or a warning (SIGPWR to init) prints no such line.
    private static HardwarePiece? S390(ref TextCursor c)
    {
        if (c.Literal("mcck: "))
        {
            if (c.Literal("Terminating task because of machine malfunction"))
            {
                return new HardwarePiece(PieceKind.S390Head)
                {
                    Severity = HardwareSeverity.UncorrectedRecoverable, ErrorType = "machine malfunction", Begins = true,
                };
            }
            return c.Literal("task: ") ? new HardwarePiece(PieceKind.S390Field) : null;
        }
        if (c.Literal("System stopped due to unrecoverable machine check"))
        {
            return new HardwarePiece(PieceKind.S390Head)
            {
                Severity = HardwareSeverity.Fatal, ErrorType = "unrecoverable machine check", Begins = true,
            };
        }
        return null;
    }

    // traps.c arm64_serror_panic: pr_crit("SError Interrupt on CPU%d, code 0x%016lx -- %s\n", …) then panic.
    // mm/fault.c do_sea() (4.14–5.x): pr_alert("Synchronous External Abort: %s (0x%08x) at 0x%016lx\n", inf->name, esr, addr)
    // for an abort APEI did not claim, the fault_info name saying what failed ("synchronous external abort", "level 0
    // (translation table walk)", "synchronous parity or ECC error"…). The task gets SIGBUS, or the kernel dies ("Internal
    // error: …", a crash of its own): the hardware event is uncorrected either way, recoverable until a panic says otherwise.
    private static HardwarePiece? Arm64(ref TextCursor c)
    {
        if (c.Literal("SError Interrupt on CPU") && c.Int(out int cpu))
        {
            return new HardwarePiece(PieceKind.Arm64SError) { Cpu = cpu, Severity = HardwareSeverity.Fatal, ErrorType = "SError", Begins = true };
        }
        if (c.Literal("Synchronous External Abort: "))
        {
            ReadOnlySpan<char> rest = c.Rest;
            int esr = rest.LastIndexOf(" (0x", StringComparison.Ordinal);
            if (esr <= 0)
            {
                return null;
            }
            int at = rest.LastIndexOf(" at 0x", StringComparison.Ordinal);
            ulong? address = at > esr && ulong.TryParse(rest[(at + 6)..].Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong a)
                ? a
                : null;
            return new HardwarePiece(PieceKind.Arm64SError)
            {
                Severity = HardwareSeverity.UncorrectedRecoverable,
                ErrorType = rest[..esr].ToString(),
                Address = address,
                Begins = true,
            };
        }
        return null;
    }
}

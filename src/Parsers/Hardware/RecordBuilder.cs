using System.Globalization;
using System.Text;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// One hardware event being read, line by line: which family it is, what its lines said so far, and whether a given
/// next piece belongs to it (see <see cref="Takes"/>).
/// </summary>
internal sealed class RecordBuilder(HardwareSource source, long startLine, DateTimeOffset at)
{
    /// <summary>Lines kept at most: a GHES record with several sections is about 30; beyond this the record is closed.</summary>
    public const int MaxLines = 64;

    /// <summary>
    /// Characters of <see cref="HardwareEvent.Text"/> kept at most (16 K): a GHES record of 30 lines is about 2,500. A
    /// console of 4,096-character lines full of "[Hardware Error]: " made records of 64 such lines (256 K characters
    /// each), and readers that keep thousands of events waiting for the reports before them (scan --events) grew with
    /// the input (100,000 lines: 1 GB). Past the bound a line's text is left out; its fields are still read.
    /// </summary>
    public const int MaxText = 16 * 1024;

    /// <summary>
    /// How far apart in printk time (10 s) a bare "Machine check events logged" and the record it announces may be.
    /// mce_notify_irq prints the notice from the same work that runs the decoder chain (print_mce, mce_amd, the EDAC
    /// drivers), so they come out within the same second; a record printed minutes later (mce_panic's print_mce of a new
    /// error) is not the one the notice announced, however few lines lie between.
    /// </summary>
    public const long NoticeWindowMicroseconds = 10_000_000;

    private readonly StringBuilder _text = new();
    private HardwareSource _source = source;
    private HardwareSeverity? _stated;
    private bool _fatalSeen;
    private int? _vendor;
    private int? _cpu;
    private int? _socket;
    private int? _bank;
    private ulong? _status;
    private ulong? _mcg;
    private ulong? _address;
    // An address EDAC's page and offset make (x86's 4 KiB pages assumed): MCi_ADDR or CPER's physical_address wins over it.
    private ulong? _pageAddress;
    private ulong? _misc;
    private int? _mc;
    private int? _channel;
    private int? _dimm;
    private int? _rank;
    private int _count = 1;
    private string? _location;
    private string? _errorType;
    private bool _edacSeen;
    private bool _fromCper;
    // The last line was edac_mc's without its " (…)" details: a wrapped copy's next line may hold them.
    private bool _edacDetailsAwaited;
    // The last line was mce_amd's status line wrapped after "MC%d_STATUS[…]:": the value may follow alone.
    private bool _amdStatusValueAwaited;
    // A CPER memory error section ("section_type: memory error"): the only kind ghes_do_proc reports to ghes_edac.
    private bool _memorySection;
    private bool _containable;
    private bool _amdMessageSeen;
    private bool _amdBankErrorSeen;
    // PCIe AER: the root port's message and the devices it reported (which one the event names, its layer and bit).
    // Made at the record's first AER piece: most records are of other sources.
    private AerRecord? _aer;
    // A GHES PCIe record's copy by pci_print_aer has begun: its lines are the record's, their fields not read again.
    private bool _aerCopySeen;
    // A CPER error's own type was read (HardwarePiece.ErrorDetail): later sections' and errors' types do not replace it.
    private bool _cperDetailSeen;

    public HardwareSource Source => _source;
    public long EndLine { get; private set; } = startLine - 1;
    public int Lines { get; private set; }
    public int? GhesSequence { get; private set; }

    /// <summary>A bare "Machine check events logged" so far: any record's first line may follow it.</summary>
    public bool NoticeOnly { get; private set; }

    public bool HasStatus => _status is not null;

    /// <summary>The printk time of the record's last line that had one.</summary>
    public long? LastTime { get; private set; }

    /// <summary>A bare notice, and <paramref name="piece"/> printed too long after it to be the record it announced.</summary>
    public bool TooLateFor(HardwarePiece piece) =>
        NoticeOnly && piece.Time is { } t && LastTime is { } last && t - last > NoticeWindowMicroseconds;

    /// <summary>Whether <paramref name="piece"/> continues this record rather than beginning another.</summary>
    public bool Takes(HardwarePiece piece)
    {
        if (TooLateFor(piece))
        {
            return false;
        }
        switch (piece.Kind)
        {
            case PieceKind.Notice:
                return false;
            case PieceKind.McaHead:
                // A head after the 2.6-era "HARDWARE ERROR" line or sbridge's "HANDLING MCE MEMORY ERROR" is that record's.
                return NoticeOnly || (_source == HardwareSource.Mce && _status is null && _bank is null && _mcg is null && !_edacSeen);
            case PieceKind.McaBank:
                return _source == HardwareSource.Mce && _bank is null;
            case PieceKind.McaTail or PieceKind.McaProcessor:
                return _source == HardwareSource.Mce;
            case PieceKind.McaNote:
                return piece.Begins ? NoticeOnly : _source == HardwareSource.Mce || NoticeOnly;
            case PieceKind.AmdMessage:
                return NoticeOnly || (_source == HardwareSource.MceAmd && !_amdMessageSeen && _status is null);
            case PieceKind.AmdBankError:
                // 3.14+ amd_decode_mce prints decode_error_status, "CPU:%d (…) MC%d_STATUS[…]" and "MC%d_ADDR" first, then
                // the bank's decode ("MC2 Error: …"): a bank line after that record's status line of the same bank is its.
                // Before (3.x) the bank line came first ("MC4 Error (node 3): …", "Error Status: …") and began the record,
                // so a record that has one already is never continued by another.
                return NoticeOnly
                    || (_source == HardwareSource.MceAmd && _status is not null && !_amdBankErrorSeen && piece.Bank == _bank);
            case PieceKind.AmdStatus:
                if (piece.Wrapped)
                {
                    if (piece.Bank is null)
                    {
                        // The value alone: only right after its "MC%d_STATUS[…]:".
                        return _amdStatusValueAwaited;
                    }
                    // The rest of a wrapped "CPU:%d (%x:%x:%x)" head: only the record that has that head and no status yet.
                    return _source == HardwareSource.MceAmd && _status is null && _bank is null && _cpu is not null;
                }
                return NoticeOnly || (_source == HardwareSource.MceAmd && _status is null);
            case PieceKind.AmdAddress or PieceKind.AmdDetail:
                // amd64_edac's "CE ERROR_ADDRESS=" (Begins) comes before edac_mc's line of the same error: after one, it is
                // the next error's.
                return piece.Begins ? NoticeOnly || (_source == HardwareSource.MceAmd && !_edacSeen) : _source == HardwareSource.MceAmd;
            case PieceKind.Edac when piece.FromCper && _source == HardwareSource.Ghes && !_memorySection
                && (piece.Address is null || piece.Address != _address):
                // ghes_do_proc reports only a memory error section to ghes_edac (ghes_edac_report_mem_error): after a record
                // without one (an ARM or generic processor section) its line is not that record's, unless it names the
                // record's address (the same error's memory section in a record the console was not shown again).
                return false;
            case PieceKind.Edac:
                // The EDAC driver's line about the error just decoded (sb_edac after the MCE, amd64_edac after mce_amd,
                // ghes_edac after the CPER record) is that error's location, not a second error.
                // A chipset driver's own report (e752x's "Non-Fatal Error …", i5000's "NON-FATAL ERRORS Found!!!") is an
                // error of its own.
                return !piece.Begins && !_edacSeen && _source is not (HardwareSource.Edac or HardwareSource.PowerPc or HardwareSource.Arm64 or HardwareSource.Aer or HardwareSource.S390);
            case PieceKind.GhesStart:
                // ghes_edac's line alone so far: in the NMI/SEA path (ghes_proc_in_irq) ghes_do_proc() reports to EDAC
                // before ghes_print_estatus() prints the record, so the record that follows is the same error.
                return _source == HardwareSource.Edac && _fromCper && Lines == 1;
            case PieceKind.GhesField:
                return _source == HardwareSource.Ghes && (piece.GhesSequence is null || piece.GhesSequence == GhesSequence);
            case PieceKind.PowerPcField:
                return _source == HardwareSource.PowerPc;
            case PieceKind.S390Field:
                return _source == HardwareSource.S390;
            case PieceKind.EdacDetail:
                return piece.Wrapped ? _edacDetailsAwaited : _source == HardwareSource.Edac;
            case PieceKind.AerDevice:
                if (piece.AerPrint && _source == HardwareSource.Ghes)
                {
                    // ghes_handle_aer queues the record's PCIe section to aer_recover_work_func, whose pci_print_aer
                    // prints it again right after: the record's copy, once (a second one is the next error the firmware
                    // reported, its CPER record not printed again by ghes_estatus_cached).
                    return _errorType == "PCIe error" && !_aerCopySeen;
                }
                // A root port's message is followed by each reporting device's lines (aer_print_error per device, each
                // device once: find_source_device lists it once); the same device again is the next message's.
                return !piece.AerPrint && _source == HardwareSource.Aer && _aer?.Reported(piece.Location) != true;
            case PieceKind.AerField:
                return _source == HardwareSource.Aer || (_source == HardwareSource.Ghes && _aerCopySeen);
            case PieceKind.HardwareErrorLine:
                // A record without "{N}" (BERT's, or the oldest GHES form) has nothing else to tell its HW_ERR lines by.
                return _source is HardwareSource.Mce or HardwareSource.MceAmd || NoticeOnly
                    || (_source == HardwareSource.Ghes && GhesSequence is null);
            default:
                return false;
        }
    }

    /// <summary>Adds a line and what it said.</summary>
    public void Add(long lineNumber, string line, HardwarePiece piece)
    {
        if (Lines == 0)
        {
            NoticeOnly = piece.Kind == PieceKind.Notice;
            GhesSequence = piece.GhesSequence;
        }
        else if (NoticeOnly && piece.Kind != PieceKind.Notice)
        {
            NoticeOnly = false;
            _source = SourceOf(piece.Kind, _source);
        }
        else if (piece.Kind == PieceKind.GhesStart)
        {
            // The CPER record after ghes_edac's line (Takes): the firmware's record is what the event is.
            _source = HardwareSource.Ghes;
            GhesSequence = piece.GhesSequence;
        }
        int room = MaxText - _text.Length - (_text.Length > 0 ? 1 : 0);
        if (room > 0)
        {
            if (_text.Length > 0)
            {
                _text.Append('\n');
            }
            _text.Append(line.AsSpan(0, Math.Min(line.Length, room)));
        }
        Lines++;
        EndLine = lineNumber;
        _edacDetailsAwaited = piece.Kind is PieceKind.Edac or PieceKind.EdacDetail && piece.DetailsMissing;
        _amdStatusValueAwaited = piece.Kind == PieceKind.AmdStatus && piece.Wrapped && piece.Bank is not null && piece.Status is null;
        _memorySection |= piece.Kind == PieceKind.GhesField && !piece.ErrorDetail && piece.ErrorType == "memory error";
        LastTime = piece.Time ?? LastTime;
        if (_source == HardwareSource.Ghes && piece.Kind is PieceKind.AerDevice or PieceKind.AerField)
        {
            // pci_print_aer's copy of the record's PCIe section: the firmware's record says what the error was.
            _aerCopySeen = true;
            return;
        }
        switch (piece.Kind)
        {
            case PieceKind.AmdMessage:
                _amdMessageSeen = true;
                break;
            case PieceKind.AmdBankError:
                _amdBankErrorSeen = true;
                break;
            case PieceKind.McaProcessor:
                _vendor = piece.Vendor;
                break;
            case PieceKind.Edac:
                _edacSeen = true;
                _fromCper |= piece.FromCper;
                _count = piece.Count ?? 1;
                break;
        }
        _mc ??= piece.MemoryController;
        _cpu ??= piece.Cpu;
        _socket ??= piece.Socket;
        _bank ??= piece.Bank;
        _status ??= piece.Status;
        _mcg ??= piece.McgStatus;
        if (piece.Kind is PieceKind.Edac or PieceKind.EdacDetail)
        {
            _pageAddress ??= piece.Address;
        }
        else
        {
            _address ??= piece.Address;
        }
        _misc ??= piece.Misc;
        _channel ??= piece.Channel;
        _dimm ??= piece.Dimm;
        _rank ??= piece.Rank;
        _location ??= piece.Location;
        if (piece.Kind is PieceKind.AerHead or PieceKind.AerDevice or PieceKind.AerField)
        {
            (_aer ??= new AerRecord()).Add(piece);
        }
        // The most specific description wins: a CPER error_type over its section_type, EDAC's message over nothing. A
        // record with several sections or error information structures is described by its first error's type.
        else if (piece.ErrorType is { } type && (_errorType is null || piece.Kind is PieceKind.AmdDetail
            || (piece.Kind is PieceKind.GhesField && !_cperDetailSeen)))
        {
            _errorType = type;
            _cperDetailSeen |= piece.ErrorDetail;
        }
        _containable |= piece.Containable;
        if (piece.UserContext && _containable && _stated == HardwareSeverity.Fatal)
        {
            // powerpc: not recovered by the handler, but in user mode or a guest: the kernel kills the task or hands the
            // machine check to the guest and goes on (opal_recover_mce, mce_handle_error); a later panic still makes it fatal.
            _stated = HardwareSeverity.UncorrectedRecoverable;
        }
        if (piece.Severity is { } stated)
        {
            if (stated == HardwareSeverity.Fatal && piece.Kind == PieceKind.McaNote)
            {
                _fatalSeen = true;
            }
            else if (piece.Kind != PieceKind.Edac || _stated is null)
            {
                _stated = stated;
            }
        }
    }

    /// <summary>The kernel went on to panic while this record was open (mce_panic, __ghes_panic).</summary>
    public void MarkFatal() => _fatalSeen = true;

    public static HardwareSource SourceOf(PieceKind kind, HardwareSource otherwise) => kind switch
    {
        PieceKind.AmdMessage or PieceKind.AmdBankError or PieceKind.AmdStatus or PieceKind.AmdAddress or PieceKind.AmdDetail => HardwareSource.MceAmd,
        PieceKind.Edac or PieceKind.EdacDetail => HardwareSource.Edac,
        PieceKind.GhesStart or PieceKind.GhesField => HardwareSource.Ghes,
        PieceKind.PowerPcHead or PieceKind.PowerPcField => HardwareSource.PowerPc,
        PieceKind.Arm64SError => HardwareSource.Arm64,
        PieceKind.S390Head or PieceKind.S390Field => HardwareSource.S390,
        PieceKind.AerHead or PieceKind.AerDevice or PieceKind.AerField => HardwareSource.Aer,
        PieceKind.Notice or PieceKind.McaHead or PieceKind.McaBank or PieceKind.McaTail or PieceKind.McaProcessor or PieceKind.McaNote => HardwareSource.Mce,
        _ => otherwise,
    };

    public HardwareEvent Build()
    {
        McaStatus? status = _status is { } raw ? new McaStatus(raw) : null;
        // X86_VENDOR_AMD = 2, X86_VENDOR_HYGON = 9 (arch/x86/include/asm/processor.h), as PROCESSOR prints them.
        bool amd = _source == HardwareSource.MceAmd || _vendor is 2 or 9;
        HardwareSeverity severity = status is { Valid: true } s ? s.Severity(amd) : _stated ?? HardwareSeverity.Unknown;
        if (_fatalSeen)
        {
            severity = HardwareSeverity.Fatal;
        }
        return new HardwareEvent
        {
            Source = _source,
            Severity = severity,
            Summary = Summary(severity, status),
            Cpu = _cpu,
            Socket = _socket,
            Bank = _bank,
            Status = status,
            McgStatus = _mcg,
            Address = Address(),
            Misc = _misc,
            MemoryController = _mc,
            Channel = _channel,
            Dimm = _dimm,
            Rank = _rank,
            Location = Location(),
            ErrorType = ErrorType(),
            Count = _count,
            StartLine = startLine,
            EndLine = EndLine,
            At = at,
            Text = _text.ToString(),
        };
    }

    // MCi_ADDR or CPER's physical_address wins over an address EDAC's page and offset make, except on AMD: amd64_edac
    // turns MCA_ADDR into the system address before it reports the page (decode_umc_error: a UMC bank's MCA_ADDR is a
    // normalized DRAM address, "Error Addr" prints it as it is; before SMCA the two are the same address).
    private ulong? Address() => _source == HardwareSource.MceAmd && _pageAddress is not null ? _pageAddress : _address ?? _pageAddress;

    // PCIe AER: the named device's layer and bit ("Physical Layer: RxErr", AerRecord); other sources: as read.
    private string? ErrorType() => _source == HardwareSource.Aer ? _aer?.ErrorType : _errorType;

    private string? Location() => _source == HardwareSource.Aer ? _aer?.Location : _location;

    // "corrected machine check: CPU 2 bank 7, memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0".
    private string Summary(HardwareSeverity severity, McaStatus? status)
    {
        var s = new StringBuilder(HardwareSeverityName.Of(severity));
        s.Append(_source switch
        {
            HardwareSource.Edac => " memory error",
            HardwareSource.Ghes => " firmware-reported hardware error",
            HardwareSource.Arm64 => _errorType == "SError" ? " SError" : " external abort",
            HardwareSource.Aer => " PCIe error",
            _ => " machine check",
        });
        var where = new List<string>(4);
        if (_cpu is { } cpu)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"CPU {cpu}"));
        }
        if (_bank is { } bank)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"bank {bank}"));
        }
        if (_count > 1)
        {
            where.Add(string.Create(CultureInfo.InvariantCulture, $"{_count} errors"));
        }
        if (ErrorType() is { } type)
        {
            where.Add(type);
        }
        else if (status is { MemoryError: true } && !_amdBankErrorSeen)
        {
            where.Add("memory controller error");
        }
        if (Location() is { } location)
        {
            where.Add($"at {location}");
        }
        if (where.Count > 0)
        {
            s.Append(": ").AppendJoin(", ", where);
        }
        return s.ToString();
    }
}

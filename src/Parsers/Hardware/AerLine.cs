namespace SolWatch.Parsers.Hardware;

/// <summary>
/// Reads one line of native PCI Express Advanced Error Reporting (drivers/pci/pcie/aer.c; aerdrv_core.c and
/// aerdrv_errprint.c before 4.17) as a piece of a hardware event. The same errors reach the console as a GHES record's
/// "section_type: PCIe error" when the firmware handles them first; natively, the port driver prints them itself:
/// <code>
/// pcieport 0000:00:1c.5: AER: Corrected error received: 0000:03:00.0            (aer_print_port_info; "id=0018" before 4.x,
/// nvme 0000:03:00.0: PCIe Bus Error: severity=Corrected, type=Physical Layer, (Receiver ID)   "Multiple " when several)
/// nvme 0000:03:00.0:   device [144d:a808] error status/mask=00000001/0000e000
/// nvme 0000:03:00.0:    [ 0] RxErr                  (First)
/// </code>
/// Since 4.19 each line after the device name carries "AER: " (pr_fmt); 2.6.3x-4.x print "id=%04x(%s)" for the agent,
/// and the oldest "PCIE Bus Error". Severities are aer_error_severity_string's ("Corrected", "Uncorrected (Non-Fatal)",
/// "Uncorrected (Fatal)"); "Correctable"/"Uncorrectable" are read the same.
/// </summary>
internal static class AerLine
{
    /// <summary>The piece <paramref name="text"/> (a message, printk prefix removed) is, or null.</summary>
    public static HardwarePiece? Parse(ReadOnlySpan<char> text)
    {
        // A log's indent (a quoted or markdown-indented copy) is no part of the message.
        text = text.TrimStart(' ');
        int afterDevice = DeviceEnd(text, out ReadOnlySpan<char> device);
        ReadOnlySpan<char> rest = text[afterDevice..];
        if (rest.StartsWith("AER: ", StringComparison.Ordinal))
        {
            rest = rest[5..];
        }
        else if (afterDevice == 0)
        {
            // Every AER line names its device first (dev_printk/pci_printk).
            return null;
        }
        if (Received(rest, device) is { } head)
        {
            return head;
        }
        ReadOnlySpan<char> body = rest.TrimStart(' ');
        if (body.StartsWith("PCIe Bus Error: severity=", StringComparison.Ordinal) || body.StartsWith("PCIE Bus Error: severity=", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> fields = body["PCIe Bus Error: severity=".Length..];
            HardwareSeverity? severity = SeverityOf(fields);
            if (severity is null)
            {
                return null;
            }
            int type = fields.IndexOf(", type=", StringComparison.Ordinal);
            string? layer = null;
            if (type >= 0)
            {
                ReadOnlySpan<char> t = fields[(type + ", type=".Length)..];
                int end = t.IndexOf(',');
                layer = (end < 0 ? t : t[..end]).Trim().ToString();
            }
            return new HardwarePiece(PieceKind.AerDevice)
            {
                Severity = severity,
                ErrorType = layer is { Length: > 0 } ? layer : null,
                Location = device.IsEmpty ? null : device.ToString(),
                Begins = true,
            };
        }
        if (!device.IsEmpty && body.StartsWith("aer_status: 0x", StringComparison.Ordinal) && body.Contains(", aer_mask: 0x", StringComparison.Ordinal))
        {
            // aer.c pci_print_aer (4.x+, via aer_recover_queue for a GHES record, or extlog): "aer_status: 0x%08x, aer_mask:
            // 0x%08x", the error bits, "aer_layer=%s, aer_agent=%s", "aer_uncor_severity: 0x%08x" when uncorrectable, the
            // TLP header. ghes_handle_aer queues only corrected and recoverable records (a fatal one panics), so an
            // uncorrectable one is uncorrected-recoverable; corrected until that line says otherwise.
            return new HardwarePiece(PieceKind.AerDevice)
            {
                Severity = HardwareSeverity.Corrected,
                Location = device.ToString(),
                AerPrint = true,
                Begins = true,
            };
        }
        if (body.StartsWith("aer_layer=", StringComparison.Ordinal))
        {
            ReadOnlySpan<char> layer = body["aer_layer=".Length..];
            int comma = layer.IndexOf(", aer_agent=", StringComparison.Ordinal);
            layer = (comma < 0 ? layer : layer[..comma]).Trim();
            return new HardwarePiece(PieceKind.AerField) { AerLayer = layer.IsEmpty ? null : layer.ToString() };
        }
        if (body.StartsWith("aer_uncor_severity: 0x", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.AerField) { Severity = HardwareSeverity.UncorrectedRecoverable };
        }
        if (body.StartsWith("device [", StringComparison.Ordinal) && body.Contains("error status/mask=", StringComparison.Ordinal))
        {
            return new HardwarePiece(PieceKind.AerField);
        }
        if (body.StartsWith("TLP Header:", StringComparison.Ordinal) || IsSameMessage(body))
        {
            return new HardwarePiece(PieceKind.AerField);
        }
        if (ErrorBit(body) is { } bit)
        {
            return bit;
        }
        return null;
    }

    // "Corrected error received: 0000:03:00.0", "Multiple Uncorrected (Fatal) error received: id=0010",
    // "Correctable error message received from 0000:00:1c.5".
    private static HardwarePiece? Received(ReadOnlySpan<char> rest, ReadOnlySpan<char> device)
    {
        int received = rest.IndexOf(" error received: ", StringComparison.Ordinal);
        int length = " error received: ".Length;
        if (received < 0)
        {
            received = rest.IndexOf(" error message received from ", StringComparison.Ordinal);
            length = " error message received from ".Length;
        }
        if (received <= 0)
        {
            return null;
        }
        ReadOnlySpan<char> what = rest[..received];
        if (what.StartsWith("Multiple ", StringComparison.Ordinal))
        {
            what = what["Multiple ".Length..];
        }
        if (SeverityOf(what) is not { } severity || what.Length > "Uncorrectable (Non-Fatal)".Length)
        {
            return null;
        }
        // The source's address since 4.x ("0000:03:00.0", 6.16's "… (no details found" after it); "id=0018" before names
        // only bus and devfn: the event is then the port's or its devices' (AerRecord).
        ReadOnlySpan<char> source = rest[(received + length)..].Trim();
        if (source.IndexOf(' ') is > 0 and var space)
        {
            source = source[..space];
        }
        return new HardwarePiece(PieceKind.AerHead)
        {
            Severity = severity,
            Location = IsAddress(source) ? source.ToString() : null,
            Reporter = device.IsEmpty ? null : device.ToString(),
            Begins = true,
        };
    }

    // "   [ 0] RxErr                  (First)", "[12] Timeout", "[14] CmpltTO", "[20] UnsupReq               (First)".
    private static HardwarePiece? ErrorBit(ReadOnlySpan<char> body)
    {
        if (!body.StartsWith("[", StringComparison.Ordinal))
        {
            return null;
        }
        int close = body.IndexOf(']');
        if (close < 2 || close > 4 || body[1..close].Trim(' ').ContainsAnyExceptInRange('0', '9') || body[1..close].Trim(' ').IsEmpty)
        {
            return null;
        }
        ReadOnlySpan<char> name = body[(close + 1)..].Trim();
        bool first = name.EndsWith("(First)", StringComparison.Ordinal);
        if (first)
        {
            name = name[..^"(First)".Length].TrimEnd();
        }
        if (name.IsEmpty)
        {
            return null;
        }
        return new HardwarePiece(PieceKind.AerField) { ErrorType = name.ToString(), FirstError = first };
    }

    private static HardwareSeverity? SeverityOf(ReadOnlySpan<char> s)
    {
        if (s.StartsWith("Corrected", StringComparison.Ordinal) || s.StartsWith("Correctable", StringComparison.Ordinal))
        {
            return HardwareSeverity.Corrected;
        }
        if (s.StartsWith("Uncorrected (Non-Fatal)", StringComparison.Ordinal) || s.StartsWith("Uncorrectable (Non-Fatal)", StringComparison.Ordinal))
        {
            return HardwareSeverity.UncorrectedRecoverable;
        }
        if (s.StartsWith("Uncorrected (Fatal)", StringComparison.Ordinal) || s.StartsWith("Uncorrectable (Fatal)", StringComparison.Ordinal))
        {
            return HardwareSeverity.Fatal;
        }
        return null;
    }

    // The device a dev_printk line names before ": " ("pcieport 0000:00:1c.5: ", "nvme 0000:03:00.0: "): the index past
    // that ": ", 0 when the line does not begin so.
    private static int DeviceEnd(ReadOnlySpan<char> text, out ReadOnlySpan<char> device)
    {
        device = default;
        int space = text.IndexOf(' ');
        if (space <= 0 || space > 40)
        {
            return 0;
        }
        ReadOnlySpan<char> rest = text[(space + 1)..];
        int colon = rest.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 || !IsAddress(rest[..colon]))
        {
            return 0;
        }
        device = rest[..colon];
        return space + 1 + colon + 2;
    }

    // A PCI address as the kernel prints it (pci_name: "%04x:%02x:%02x.%d"): "0000:03:00.0", hexadecimal; the domain is
    // at least four digits and more past 0xffff (a VMD domain: "10003:00:00.0").
    private static bool IsAddress(ReadOnlySpan<char> s)
    {
        if (s.Length is < 12 or > 16 || s[^8] != ':' || s[^5] != ':' || s[^2] != '.')
        {
            return false;
        }
        return !s[..^8].ContainsAnyExcept(HexDigits) && !s[^7..^5].ContainsAnyExcept(HexDigits) && !s[^4..^2].ContainsAnyExcept(HexDigits)
            && s[^1] is >= '0' and <= '7';
    }

    // aer_print_error's "Error of this Agent is reported first" ("Error of this Agent(%04x) …" before 4.x), and
    // find_source_device's "can't find device of ID%04x" (before 6.8) / "found no error details for %04x:…" (6.8-6.15):
    // lines of the message being read, no error of their own.
    private static bool IsSameMessage(ReadOnlySpan<char> body) =>
        (body.StartsWith("Error of this Agent", StringComparison.Ordinal) && body.EndsWith("is reported first", StringComparison.Ordinal))
        || body.StartsWith("can't find device of ID", StringComparison.Ordinal)
        || body.StartsWith("found no error details for ", StringComparison.Ordinal);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}

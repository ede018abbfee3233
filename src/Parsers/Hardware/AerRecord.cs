namespace SolWatch.Parsers.Hardware;

/// <summary>
/// What one native PCIe AER message said: the source the root port named (aer_print_port_info / aer_print_source) and
/// each device whose error status aer_print_error printed after it, with its layer and error bits. The event names one
/// device: the source when its own status was printed, else the first device printed (the source may be a "bad id" of
/// bus 0, find_source_device's comment, or a "Multiple" message's first reporter whose status the walk did not print),
/// else, with no device lines (ratelimited, "can't find device"), the source or the port itself.
/// </summary>
internal sealed class AerRecord
{
    private readonly List<Device> _devices = [];
    private string? _source;
    private string? _reporter;

    /// <summary>Reads an AER piece of the record.</summary>
    public void Add(HardwarePiece piece)
    {
        switch (piece.Kind)
        {
            case PieceKind.AerHead:
                _source ??= piece.Location;
                _reporter ??= piece.Reporter;
                break;
            case PieceKind.AerDevice:
                _devices.Add(new Device(piece.Location, piece.ErrorType));
                break;
            case PieceKind.AerField when piece.AerLayer is { } layer:
                // pci_print_aer's "aer_layer=" comes after the bits of the device whose "aer_status:" began the record.
                if (_devices.Count > 0)
                {
                    _devices[^1].Layer ??= layer;
                }
                break;
            case PieceKind.AerField when piece.ErrorType is { } bit:
                if (_devices.Count == 0)
                {
                    _devices.Add(new Device(null, null));
                }
                _devices[^1].Bit(bit, piece.FirstError);
                break;
        }
    }

    /// <summary>Whether the device at <paramref name="address"/> already printed its status in this message.</summary>
    public bool Reported(string? address) => address is not null && _devices.Exists(d => d.Address == address);

    /// <summary>The PCI address the event names.</summary>
    public string? Location => Named()?.Address ?? _source ?? _reporter;

    /// <summary>The named device's layer and first error bit ("Physical Layer: RxErr"), either alone, or null.</summary>
    public string? ErrorType => Named() is { } d
        ? d.Layer is { } layer ? d.FirstBit is { } bit ? $"{layer}: {bit}" : layer : d.FirstBit
        : null;

    private Device? Named() =>
        _devices.Find(d => d.Address is not null && d.Address == _source) ?? _devices.Find(d => d.Address is not null) ?? (_devices.Count > 0 ? _devices[0] : null);

    private sealed class Device(string? address, string? layer)
    {
        private bool _first;

        public string? Address => address;
        public string? Layer { get; set; } = layer;
        public string? FirstBit { get; private set; }

        // The bit the device logged first ("(First)", the First Error Pointer), else the first one listed.
        public void Bit(string name, bool first)
        {
            if (FirstBit is null || (first && !_first))
            {
                FirstBit = name;
                _first = first;
            }
        }
    }
}

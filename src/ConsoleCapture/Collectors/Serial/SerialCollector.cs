using System.IO.Ports;
using SolWatch.Storage.Files;

namespace SolWatch.ConsoleCapture.Collectors.Serial;

/// <summary>
/// Reads a local serial port through <see cref="SerialPort.BaseStream"/> (never the DataReceived event, which
/// loses data and hides errors). A replugged or re-created device leaves the old descriptor stale while
/// <see cref="SerialPort.IsOpen"/> stays true, so the device path's identity (inode, link target) is checked every
/// <see cref="SerialCollectorOptions.StaleCheckInterval"/>; a changed or vanished device, or a failing read, ends the
/// run with an error and the supervisor reopens the port.
/// </summary>
/// <remarks>
/// The one collector that costs a thread: System.IO.Ports on Linux runs a polling I/O loop thread per open
/// port. Fine for the handful of local ports a machine has.
/// </remarks>
public sealed class SerialCollector : IConsoleCollector, IConsoleWriter, IDisposable
{
    private readonly SerialCollectorOptions _options;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SerialPort? _port;

    /// <summary>Creates the collector; it opens the port in <see cref="RunAsync"/>.</summary>
    public SerialCollector(SerialCollectorOptions options) => _options = options ?? throw new ArgumentNullException(nameof(options));

    /// <inheritdoc />
    public string Endpoint => $"serial:{_options.Device}";

    /// <inheritdoc />
    public async Task RunAsync(IConsoleSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        FileIdentity identity = FileIdentity.Of(_options.Device)
            ?? throw new IOException($"{Endpoint}: the device does not exist; check the cable / USB adapter and the device path");
        // Opening a file or directory fails as "permission denied", which sent the user to the dialout group.
        if (FileKind.Of(_options.Device) is { } kind and not (PathKind.CharacterDevice or PathKind.Other))
        {
            throw new IOException($"{Endpoint}: is {FileKind.Describe(kind)}, not a serial device; give device: the port (e.g. /dev/ttyS0, /dev/ttyUSB0 or /dev/serial/by-id/…)");
        }
        using SerialPort port = Open();
        Volatile.Write(ref _port, port);
        using var stale = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<string?> watch = WatchDeviceAsync(identity, stale);
        try
        {
            sink.OnConnected($"{_options.Device} {_options.BaudRate} {Describe()}");
            Stream stream = port.BaseStream;
            byte[] buffer = new byte[4096];
            while (true)
            {
                int n;
                try
                {
                    n = await stream.ReadAsync(buffer, stale.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new IOException(await watch.ConfigureAwait(false)
                        ?? $"{Endpoint}: read cancelled");
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
                {
                    throw new IOException($"{Endpoint}: read failed ({ex.Message}); the device was probably unplugged or its peer closed", ex);
                }
                if (n == 0)
                {
                    throw new IOException($"{Endpoint}: end of stream; the device was probably unplugged or its peer closed");
                }
                sink.OnBytes(buffer.AsSpan(0, n), DateTimeOffset.UtcNow);
            }
        }
        finally
        {
            Volatile.Write(ref _port, null);
            await stale.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        SerialPort port = CurrentPort();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await port.BaseStream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            await port.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask SendBreakAsync(CancellationToken cancellationToken)
    {
        SerialPort port = CurrentPort();
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A break is the line held at space for longer than a character; 250 ms is what most tools send
            // and what magic SysRq on a serial console expects.
            port.BreakState = true;
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            port.BreakState = false;
            _writeLock.Release();
        }
    }

    /// <summary>Releases the write lock.</summary>
    public void Dispose() => _writeLock.Dispose();

    private SerialPort CurrentPort() =>
        Volatile.Read(ref _port) ?? throw new InvalidOperationException($"{Endpoint} is not open; try again when the console is up");

    private SerialPort Open()
    {
        var port = new SerialPort(_options.Device, _options.BaudRate, _options.Parity, _options.DataBits, _options.StopBits)
        {
            Handshake = _options.FlowControl switch
            {
                SerialFlowControl.RtsCts => Handshake.RequestToSend,
                SerialFlowControl.XonXoff => Handshake.XOnXOff,
                _ => Handshake.None,
            },
            ReadBufferSize = 65536,
        };
        try
        {
            port.Open();
            return port;
        }
        catch (UnauthorizedAccessException ex)
        {
            port.Dispose();
            throw new IOException($"{Endpoint}: permission denied or the port is in use; add the solwatch user to the dialout group and check that no other program holds the port", ex);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            throw new IOException($"{Endpoint}: cannot open: {ex.Message}", ex);
        }
    }

    /// <summary>Returns why the device went stale (after cancelling <paramref name="stale"/>), or null when stopped.</summary>
    private async Task<string?> WatchDeviceAsync(FileIdentity opened, CancellationTokenSource stale)
    {
        using var timer = new PeriodicTimer(_options.StaleCheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stale.Token).ConfigureAwait(false))
            {
                FileIdentity? now = FileIdentity.Of(_options.Device);
                string? why = now is null
                    ? $"{Endpoint}: the device vanished (unplugged?); reopening when it is back"
                    : now != opened
                        ? $"{Endpoint}: the device was replaced ({opened.Target} -> {now.Target}); reopening"
                        : null;
                if (why is not null)
                {
                    await stale.CancelAsync().ConfigureAwait(false);
                    return why;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }

    private string Describe() =>
        $"{_options.DataBits}{_options.Parity.ToString()[0]}{(_options.StopBits switch { StopBits.Two => "2", StopBits.OnePointFive => "1.5", _ => "1" })} flow {_options.FlowControl}";
}

namespace SolWatch.ConsoleCapture.Collectors.Netconsole;

/// <summary>The counters of one netconsole listener (in <c>GET /api/health</c>), since the daemon started.</summary>
/// <param name="Endpoint">udp://address:port.</param>
/// <param name="Listening">Whether its socket is bound now.</param>
/// <param name="Datagrams">Datagrams received.</param>
/// <param name="DroppedOversized">Fragments dropped because their ncfrag total is larger than any kernel sends.</param>
/// <param name="DecodeFailures">Datagrams whose decoding failed (counted, logged, and skipped; the listener goes on).</param>
/// <param name="IncompleteMessages">Messages shown incomplete because fragments did not come in time.</param>
/// <param name="UnknownSenderDatagrams">Datagrams from addresses no console is configured for (dropped).</param>
public sealed record NetconsoleHealth(
    string Endpoint, bool Listening, long Datagrams, long DroppedOversized, long DecodeFailures, long IncompleteMessages, long UnknownSenderDatagrams);

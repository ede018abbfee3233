namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>RMCP+ payload types (bits 5:0 of the payload type byte).</summary>
internal enum RmcpPayloadType : byte
{
    Ipmi = 0x00,
    Sol = 0x01,
    OpenSessionRequest = 0x10,
    OpenSessionResponse = 0x11,
    Rakp1 = 0x12,
    Rakp2 = 0x13,
    Rakp3 = 0x14,
    Rakp4 = 0x15,
}

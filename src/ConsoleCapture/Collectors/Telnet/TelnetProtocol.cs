using System.Buffers;

namespace SolWatch.ConsoleCapture.Collectors.Telnet;

/// <summary>
/// The client side of the telnet protocol (RFC 854/855), reduced to what a console reader needs: it separates
/// console bytes from IAC commands, answers option negotiation, and keeps its state between reads so that a
/// sequence split across two TCP segments is handled. No I/O: bytes in, data and replies out.
/// </summary>
/// <remarks>
/// Policy: the server may do BINARY, ECHO and SGA (a console server echoes and runs without go-ahead); we do
/// BINARY and SGA ourselves and refuse every other option in either direction (NAWS, TTYPE, COM-PORT...).
/// We only answer a request that changes an option's state, which is what keeps two peers from negotiating
/// in a loop (RFC 854 "loop prevention").
/// </remarks>
internal sealed class TelnetProtocol
{
    /// <summary>Interpret As Command.</summary>
    public const byte Iac = 255;
    /// <summary>Refuse the sender doing an option.</summary>
    public const byte Dont = 254;
    /// <summary>Ask the sender to do an option.</summary>
    public const byte Do = 253;
    /// <summary>Refuse to do an option.</summary>
    public const byte Wont = 252;
    /// <summary>Offer to do an option.</summary>
    public const byte Will = 251;
    /// <summary>Subnegotiation begin.</summary>
    public const byte Sb = 250;
    /// <summary>Break.</summary>
    public const byte Brk = 243;
    /// <summary>Subnegotiation end.</summary>
    public const byte Se = 240;
    /// <summary>Option: 8-bit binary transmission (RFC 856).</summary>
    public const byte OptBinary = 0;
    /// <summary>Option: echo (RFC 857).</summary>
    public const byte OptEcho = 1;
    /// <summary>Option: suppress go-ahead (RFC 858).</summary>
    public const byte OptSuppressGoAhead = 3;

    /// <summary>
    /// Longest subnegotiation we skip before giving up on it. We agree to no option that has one (BINARY, ECHO, SGA
    /// have none), and real ones (TTYPE, NAWS, COM-PORT, NEW-ENVIRON) are far shorter; a stray IAC SB (an unescaped
    /// 255 250 in binary console output, a broken server) must not swallow the rest of the console for good.
    /// </summary>
    public const int MaxSubnegotiationLength = 1024;

    private enum State
    {
        Data,
        AfterCr,
        AfterIac,
        AfterOptionVerb,
        Subnegotiation,
        SubnegotiationIac,
    }

    private readonly bool[] _remoteEnabled = new bool[256];
    private readonly bool[] _localEnabled = new bool[256];
    private State _state = State.Data;
    private byte _verb;
    private int _subnegotiationLength;

    /// <summary>Whether the server has agreed to do <paramref name="option"/>.</summary>
    public bool IsRemoteEnabled(byte option) => _remoteEnabled[option];

    /// <summary>Whether we have agreed to do <paramref name="option"/>.</summary>
    public bool IsLocalEnabled(byte option) => _localEnabled[option];

    /// <summary>
    /// Consumes bytes read from the server: console bytes go to <paramref name="data"/> (IAC IAC unescaped,
    /// CR NUL turned into CR, commands and subnegotiations removed); negotiation answers go to
    /// <paramref name="replies"/>, to be sent to the server as they are.
    /// </summary>
    public void Decode(ReadOnlySpan<byte> input, IBufferWriter<byte> data, IBufferWriter<byte> replies)
    {
        int runStart = 0;
        for (int i = 0; i < input.Length; i++)
        {
            byte b = input[i];
            switch (_state)
            {
                case State.Data:
                case State.AfterCr:
                    if (b == Iac)
                    {
                        data.Write(input[runStart..i]);
                        _state = State.AfterIac;
                    }
                    else if (b == 0 && _state == State.AfterCr)
                    {
                        // NVT: CR NUL is a bare carriage return; the NUL is padding.
                        data.Write(input[runStart..i]);
                        runStart = i + 1;
                        _state = State.Data;
                    }
                    else
                    {
                        _state = b == (byte)'\r' ? State.AfterCr : State.Data;
                    }
                    break;
                case State.AfterIac:
                    switch (b)
                    {
                        case Iac:
                            data.Write([Iac]);
                            _state = State.Data;
                            break;
                        case Will or Wont or Do or Dont:
                            _verb = b;
                            _state = State.AfterOptionVerb;
                            break;
                        case Sb:
                            _state = State.Subnegotiation;
                            _subnegotiationLength = 0;
                            break;
                        default:
                            // NOP, GA, DM, AYT...: nothing for a reader to do.
                            _state = State.Data;
                            break;
                    }
                    runStart = i + 1;
                    break;
                case State.AfterOptionVerb:
                    Negotiate(_verb, b, replies);
                    _state = State.Data;
                    runStart = i + 1;
                    break;
                case State.Subnegotiation:
                    if (++_subnegotiationLength > MaxSubnegotiationLength)
                    {
                        // No IAC SE in sight: treat it as a stray IAC SB and read this byte as console data again.
                        _state = State.Data;
                        runStart = i;
                        goto case State.Data;
                    }
                    _state = b == Iac ? State.SubnegotiationIac : State.Subnegotiation;
                    runStart = i + 1;
                    break;
                case State.SubnegotiationIac:
                    // IAC SE ends it; IAC IAC is an escaped 255 inside it; anything else is malformed, and
                    // treating it as the end keeps a broken server from swallowing the console for good.
                    _state = b == Iac ? State.Subnegotiation : State.Data;
                    runStart = i + 1;
                    break;
            }
        }
        if (_state is State.Data or State.AfterCr && runStart < input.Length)
        {
            data.Write(input[runStart..]);
        }
    }

    /// <summary>Escapes console input for sending: every 255 byte is doubled (IAC IAC).</summary>
    public static byte[] Escape(ReadOnlySpan<byte> input)
    {
        int iacs = input.Count(Iac);
        if (iacs == 0)
        {
            return input.ToArray();
        }
        byte[] output = new byte[input.Length + iacs];
        int o = 0;
        foreach (byte b in input)
        {
            output[o++] = b;
            if (b == Iac)
            {
                output[o++] = Iac;
            }
        }
        return output;
    }

    private static bool ServerMayDo(byte option) => option is OptBinary or OptEcho or OptSuppressGoAhead;

    private static bool WeMayDo(byte option) => option is OptBinary or OptSuppressGoAhead;

    private void Negotiate(byte verb, byte option, IBufferWriter<byte> replies)
    {
        switch (verb)
        {
            case Will when ServerMayDo(option):
                if (!_remoteEnabled[option])
                {
                    _remoteEnabled[option] = true;
                    replies.Write([Iac, Do, option]);
                }
                break;
            case Will:
                replies.Write([Iac, Dont, option]);
                break;
            case Wont:
                if (_remoteEnabled[option])
                {
                    _remoteEnabled[option] = false;
                    replies.Write([Iac, Dont, option]);
                }
                break;
            case Do when WeMayDo(option):
                if (!_localEnabled[option])
                {
                    _localEnabled[option] = true;
                    replies.Write([Iac, Will, option]);
                }
                break;
            case Do:
                replies.Write([Iac, Wont, option]);
                break;
            case Dont:
                if (_localEnabled[option])
                {
                    _localEnabled[option] = false;
                    replies.Write([Iac, Wont, option]);
                }
                break;
        }
    }
}

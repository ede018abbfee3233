namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>The IPMI network functions and commands SolWatch sends.</summary>
internal static class IpmiCommands
{
    public const byte NetFnChassis = 0x00;
    public const byte NetFnApp = 0x06;

    public const byte GetChassisStatus = 0x01;
    public const byte ChassisControl = 0x02;

    public const byte GetDeviceId = 0x01;
    public const byte GetChannelAuthCapabilities = 0x38;
    public const byte SetSessionPrivilegeLevel = 0x3B;
    public const byte CloseSession = 0x3C;
    public const byte ActivatePayload = 0x48;
    public const byte DeactivatePayload = 0x49;
    public const byte GetPayloadActivationStatus = 0x4A;
    public const byte GetPayloadInstanceInfo = 0x4B;
}

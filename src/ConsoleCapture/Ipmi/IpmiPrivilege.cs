namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>IPMI privilege levels (role bits 3:0 in RAKP1, Set Session Privilege Level).</summary>
public enum IpmiPrivilege : byte
{
    /// <summary>Callback.</summary>
    Callback = 1,
    /// <summary>User: enough for SOL on most BMCs.</summary>
    User = 2,
    /// <summary>Operator: needed for chassis control.</summary>
    Operator = 3,
    /// <summary>Administrator.</summary>
    Administrator = 4,
}

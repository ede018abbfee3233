namespace SolWatch.ConsoleCapture.Ipmi;

/// <summary>The BMC answered a Chassis Control request with an error completion code: the action did not happen.</summary>
public sealed class ChassisControlRefusedException : IpmiException
{
    /// <summary>Completion code "invalid data field in request": the BMC does not do this action.</summary>
    public const byte InvalidDataField = 0xCC;

    /// <summary>Creates the exception.</summary>
    public ChassisControlRefusedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChassisControlRefusedException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public ChassisControlRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="action"/> refused with <paramref name="completionCode"/>.</summary>
    public ChassisControlRefusedException(string endpoint, ChassisAction action, byte completionCode, string message) : base(message)
    {
        Endpoint = endpoint;
        Action = action;
        CompletionCode = completionCode;
    }

    /// <summary>The BMC, "host:port".</summary>
    public string Endpoint { get; } = "";

    /// <summary>What was refused.</summary>
    public ChassisAction Action { get; }

    /// <summary>The BMC's completion code.</summary>
    public byte CompletionCode { get; }

    /// <summary>
    /// What to tell the person who asked, with what they can do instead; <paramref name="console"/> names the console
    /// in the advice (null: a placeholder).
    /// </summary>
    public string Advice(string? console)
    {
        if (Action == ChassisAction.DiagnosticInterrupt && CompletionCode is InvalidDataField or 0xC1 or 0xD5 or 0xD6)
        {
            return $"the BMC {Endpoint} refused diag (completion code 0x{CompletionCode:X2}{(CompletionCode == InvalidDataField ? ", invalid data field" : "")}): " +
                "this BMC does not support an NMI (pulse diagnostic interrupt) via chassis control. " +
                $"Alternatives: solwatch sysrq {console ?? "CONSOLE"} c (crashes the kernel through its serial console; kdump captures it if loaded), " +
                "or the NMI of the BMC's own web interface or CLI";
        }
        return Message;
    }
}

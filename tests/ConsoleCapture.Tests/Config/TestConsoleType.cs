using SolWatch.ConsoleCapture.Collectors;
using SolWatch.ConsoleCapture.Config;
using SolWatch.ConsoleCapture.Config.ConsoleTypes;

namespace SolWatch.ConsoleCapture.Tests.Config;

/// <summary>A console type for loader tests: an address, a port and a password reference, like a BMC console.</summary>
internal sealed class TestConsoleType : IConsoleType
{
    public string Name => "test";

    public ConsoleSettings? Read(YamlMap console, ConfigReadContext context)
    {
        string? address = console.Text("address", required: true);
        int? port = console.Port("port", required: true);
        SecretReference? password = SecretReference.Read(console);
        return address is null || port is null ? null : new TestSettings(address, port.Value, password);
    }

    internal sealed record TestSettings(string Address, int Port, SecretReference? Password) : ConsoleSettings
    {
        public override string Endpoint => $"{Address}:{Port}";

        public override IConsoleCollector CreateCollector(CollectorContext context) =>
            throw new NotSupportedException("loader tests never run collectors");
    }
}

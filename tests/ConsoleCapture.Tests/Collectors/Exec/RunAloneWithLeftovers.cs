namespace SolWatch.ConsoleCapture.Tests.Collectors.Exec;

/// <summary>
/// The tests that leave a command running for a daemon that is gone, run one at a time after every parallel test. Why
/// apart: any daemon the other tests start ends every such command of this user when it starts (that is the product),
/// which would end these tests' commands under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAloneWithLeftovers
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Leftover commands";
}

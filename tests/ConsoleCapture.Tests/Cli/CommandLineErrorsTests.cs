using System.CommandLine;
using SolWatch.ConsoleCapture.Cli;
using SolWatch.ConsoleCapture.Tests.Hosting;

namespace SolWatch.ConsoleCapture.Tests.Cli;

public sealed class CommandLineErrorsTests
{
    /// <summary>Every option and argument of every verb that wants a value other than text, with its verb's words.</summary>
    public static TheoryData<string, string> TypedSymbols()
    {
        var data = new TheoryData<string, string>();
        void Walk(Command command, string path)
        {
            foreach (Option o in command.Options.Where(o => Typed(o.ValueType) && o is not System.CommandLine.Help.HelpOption and not VersionOption))
            {
                data.Add(path, o.Name);
            }
            foreach (Argument a in command.Arguments.Where(a => Typed(a.ValueType)))
            {
                data.Add(path, "<" + a.Name + ">");
            }
            foreach (Command sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }
        Walk(SolwatchCommandLine.Build(), "");
        return data;
    }

    // Text, switches and paths take any word; everything else can be given a word it cannot read.
    private static bool Typed(Type t) =>
        t != typeof(string) && t != typeof(string[]) && t != typeof(bool) && !typeof(FileSystemInfo).IsAssignableFrom(t);

    [Theory]
    [MemberData(nameof(TypedSymbols))]
    public void A_value_of_the_wrong_kind_is_named_in_words_without_a_dotnet_type(string verb, string symbol)
    {
        string[] args = [.. verb.Split(' '), .. symbol.StartsWith('<') ? (string[])["not\u001b[2Ja-number"] : [symbol, "not\u001b[2Ja-number"]];

        ParseResult parse = SolwatchCommandLine.Build().Parse(args);

        Assert.True(CommandLineErrors.Applies(parse, args));
        string[] messages = [.. parse.Errors.Select(CommandLineErrors.Describe)];
        string said = string.Join('\n', messages);
        Assert.Contains(messages, m => m.Contains(@"not\x1b[2Ja-number", StringComparison.Ordinal));
        Assert.DoesNotContain("System.", said, StringComparison.Ordinal);
        Assert.DoesNotContain("expected type", said, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', said);
        if (!symbol.StartsWith('<'))
        {
            Assert.Contains(messages, m => m.StartsWith(symbol + " not", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_value_not_among_an_options_choices_lists_the_choices_on_the_same_line_without_escaped_line_breaks()
    {
        string[] args = ["scan", "--format", "yaml", "x.log"];

        ParseResult parse = SolwatchCommandLine.Build().Parse(args);

        Assert.True(CommandLineErrors.Applies(parse, args));
        string said = Assert.Single(parse.Errors.Select(CommandLineErrors.Describe));
        Assert.Equal("Argument 'yaml' not recognized. Must be one of: 'text', 'json'", said);
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_2_with_the_problem_on_stderr_and_nothing_on_stdout()
    {
        (int code, string stdout, string stderr) = await SolwatchProcess.RunAsync("incidents", "list", "--limit", "lots");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal(
            "solwatch: --limit lots: give how many at most, a whole number from 1, e.g. --limit 20\nsolwatch: see `solwatch incidents list --help`\n",
            stderr);

        (code, stdout, stderr) = await SolwatchProcess.RunAsync("incidnets", "list");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("solwatch: did you mean `solwatch incidents`?", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command", stderr, StringComparison.Ordinal);
        Assert.Contains("solwatch: Unrecognized command or argument 'incidnets'.", stderr, StringComparison.Ordinal);
    }
}

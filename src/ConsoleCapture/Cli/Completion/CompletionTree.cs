using System.Collections.Immutable;
using System.CommandLine;
using System.CommandLine.Completions;

namespace SolWatch.ConsoleCapture.Cli.Completion;

/// <summary>What a shell may complete after a value-taking option or at an argument.</summary>
internal enum ValueKind
{
    /// <summary>Nothing to offer (free text).</summary>
    None,

    /// <summary>File names.</summary>
    File,

    /// <summary>Console names (from the running daemon, else the configuration).</summary>
    Console,

    /// <summary>One of <see cref="CompletionValue.Words"/>.</summary>
    Words,
}

/// <summary>Completions of one value: its kind, and the words when there is a fixed set.</summary>
internal sealed record CompletionValue(ValueKind Kind, ImmutableArray<string> Words);

/// <summary>An option of a command: every spelling, and its value when it takes one (null: a flag).</summary>
internal sealed record CompletionOption(ImmutableArray<string> Names, string Description, CompletionValue? Value);

/// <summary>One command of the tree, by its path of subcommand names from the root ("" for the root).</summary>
internal sealed record CompletionNode(
    string Path, ImmutableArray<string> Subcommands, ImmutableArray<CompletionOption> Options, ImmutableArray<CompletionValue> Arguments, bool LastArgumentRepeats,
    ImmutableArray<(string Name, string Description)> SubcommandDescriptions);

/// <summary>
/// The <c>solwatch</c> command tree as the completion scripts need it, read from the System.CommandLine commands
/// themselves (so a new verb or option completes without touching the scripts): every command's subcommands, options
/// (with the options inherited from above) and arguments, and what each value completes to.
/// </summary>
internal static class CompletionTree
{
    // Names of arguments and options whose values are console names or files: the verbs' own conventions.
    private static readonly HashSet<string> ConsoleValues = new(StringComparer.Ordinal) { "CONSOLE", "--console" };
    private static readonly HashSet<string> FileValues = new(StringComparer.Ordinal)
    {
        "FILE", "PATH", "--db", "--config", "--transcripts", "--output", "-o", "--exe", "--work-dir", "--data-dir", "--kg-file", "--password-file",
    };

    public static ImmutableArray<CompletionNode> Read(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var nodes = ImmutableArray.CreateBuilder<CompletionNode>();
        Walk(root, "", [], nodes);
        return nodes.ToImmutable();
    }

    private static void Walk(Command command, string path, ImmutableArray<Option> inherited, ImmutableArray<CompletionNode>.Builder nodes)
    {
        ImmutableArray<Option> recursive = [.. inherited, .. command.Options.Where(o => o.Recursive)];
        ImmutableArray<Command> subs = [.. command.Subcommands.Where(c => !c.Hidden)];
        nodes.Add(new CompletionNode(
            path,
            [.. subs.Select(c => c.Name)],
            [.. command.Options.Where(o => !o.Recursive).Concat(recursive).Where(o => !o.Hidden).Distinct().Select(ToOption)],
            [.. command.Arguments.Where(a => !a.Hidden).Select(a => ValueOf(a.Name, a))],
            command.Arguments.LastOrDefault() is { } last && last.Arity.MaximumNumberOfValues > 1,
            [.. subs.Select(c => (c.Name, OneLine(c.Description)))]));
        foreach (Command sub in subs)
        {
            Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}", recursive, nodes);
        }
    }

    private static CompletionOption ToOption(Option o)
    {
        ImmutableArray<string> names = [o.Name, .. o.Aliases.Where(a => a != o.Name).Order(StringComparer.Ordinal)];
        // A bool option takes an optional value (--json true) that nobody types: a flag.
        CompletionValue? value = o.Arity.MaximumNumberOfValues == 0 || o.ValueType == typeof(bool) ? null : ValueOf(names.FirstOrDefault(ConsoleValues.Contains) ?? names.FirstOrDefault(FileValues.Contains) ?? o.Name, o);
        return new CompletionOption(names, OneLine(o.Description), value);
    }

    private static CompletionValue ValueOf(string name, Symbol symbol)
    {
        if (ConsoleValues.Contains(name))
        {
            return new CompletionValue(ValueKind.Console, []);
        }
        ImmutableArray<string> words = [.. symbol.GetCompletions(CompletionContext.Empty).Select(c => c.Label).Where(w => w.Length > 0 && !w.Contains(' ', StringComparison.Ordinal))];
        if (!words.IsEmpty)
        {
            return new CompletionValue(ValueKind.Words, words);
        }
        return FileValues.Contains(name) ? new CompletionValue(ValueKind.File, []) : new CompletionValue(ValueKind.None, []);
    }

    private static string OneLine(string? text)
    {
        string line = (text ?? "").Split('\n')[0].Trim();
        return line.Length > 80 ? line[..77] + "..." : line;
    }
}

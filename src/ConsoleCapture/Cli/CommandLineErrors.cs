using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SolWatch.ConsoleCapture.Cli;

/// <summary>
/// Command lines that do not parse: one line per problem on standard error, in words a user can act on, then where
/// to read more, and exit 2 like every other error of a verb (exit 1 means "crash found" to scan --fail-on-crash
/// callers, so a typo must not look like one). System.CommandLine's own report would print the verb's whole help on
/// standard output and name .NET types (<c>as expected type 'System.Int64'</c>).
/// </summary>
internal static partial class CommandLineErrors
{
    /// <summary>True when the command line did not parse and this class should report it (not for a bare
    /// <c>solwatch</c>, which shows the help as System.CommandLine does).</summary>
    public static bool Applies(ParseResult parse, IReadOnlyList<string> args) =>
        parse.Action is ParseErrorAction && args.Count > 0;

    public static int Report(ParseResult parse, TextWriter error)
    {
        Command command = parse.CommandResult.Command;
        // A mistyped verb ("incidnets") also leaves its parent without a command; the word says it all, the
        // "required command" line after it would only puzzle.
        bool mistypedVerb = command.Subcommands.Count > 0 && command.Action is null && parse.UnmatchedTokens.Count > 0;
        foreach (ParseError e in parse.Errors)
        {
            if (mistypedVerb && !parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }
            error.WriteLine($"solwatch: {Describe(e)}");
        }
        foreach (string token in parse.UnmatchedTokens)
        {
            if (Closest(parse.CommandResult.Command, token) is { } name)
            {
                error.WriteLine($"solwatch: did you mean `{CommandPath(parse.CommandResult)} {name}`?");
            }
        }
        error.WriteLine($"solwatch: see `{CommandPath(parse.CommandResult)} --help`");
        return ExitCodes.Error;
    }

    /// <summary>The error in words: ours (from a verb's own parser) as they are, System.CommandLine's conversion
    /// failures as "OPTION VALUE: not a whole number"; escaped for the terminal (the value may be anything).</summary>
    public static string Describe(ParseError e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = e.Message;
        if (message.Contains("System.", StringComparison.Ordinal))
        {
            message = Conversion(e.SymbolResult) ?? TypeName().Replace(message, "");
        }
        // System.CommandLine lists the values an option accepts one per line after a tab ("Must be one of:\n\t'text'\n\t'json'"),
        // which the escaping below would print as a literal \n\t: on one line, as every other error is.
        message = ChoiceBreak().Replace(message, m => m.Groups[1].Value == ":" ? ": " : "', ");
        return TerminalText.Escape(message);
    }

    /// <summary>"solwatch incidents show": the words that name the verb.</summary>
    public static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Add(c.Command is RootCommand ? "solwatch" : c.Command.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The subcommand a mistyped word most likely meant (a prefix, or at most a third of it wrong).</summary>
    private static string? Closest(Command command, string token)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (Command sub in command.Subcommands)
        {
            int d = sub.Name.StartsWith(token, StringComparison.OrdinalIgnoreCase) && token.Length >= 2 ? 0 : Distance(token.ToLowerInvariant(), sub.Name);
            if (d <= Math.Max(1, sub.Name.Length / 3) && d < bestDistance)
            {
                (best, bestDistance) = (sub.Name, d);
            }
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        // Optimal string alignment: a swap of two neighbours ("incidnets") counts as one edit.
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }

    private static string? Conversion(SymbolResult? symbol)
    {
        (string Name, Type Type, IReadOnlyList<Token> Tokens)? what = symbol switch
        {
            OptionResult o => (o.Option.Name, o.Option.ValueType, o.Tokens),
            ArgumentResult { Parent: OptionResult o } a => (o.Option.Name, a.Argument.ValueType, a.Tokens),
            ArgumentResult a => ($"<{a.Argument.Name}>", a.Argument.ValueType, a.Tokens),
            _ => null,
        };
        if (what is not { } w)
        {
            return null;
        }
        string given = string.Join(' ', w.Tokens.Select(t => t.Value));
        return $"{w.Name} {given}: {Expected(w.Type)}";
    }

    private static string Expected(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? (type.IsArray ? type.GetElementType()! : type);
        return Type.GetTypeCode(t) switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "not a whole number (e.g. 20)",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => string.Create(CultureInfo.InvariantCulture, $"not a number (e.g. {2.5})"),
            TypeCode.Boolean => "give true or false",
            _ when t.IsEnum => $"not one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}",
            _ => "not a valid value here",
        };
    }

    [GeneratedRegex(@"\s*as expected type '[^']*'")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"([:'])\r?\n\t(?=')")]
    private static partial Regex ChoiceBreak();
}

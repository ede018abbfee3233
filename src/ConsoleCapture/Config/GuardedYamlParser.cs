using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SolWatch.ConsoleCapture.Config;

/// <summary>
/// The YAML events of a configuration file as YamlDotNet's node builder gets them, checked on the way through so
/// that a hostile file costs neither stack, memory nor time, and so that the builder never throws:
/// <list type="bullet">
/// <item>nesting past <see cref="ConfigLimits.MaxDepth"/> stops the read (the builder recurses once per level:
/// 100,000 nested <c>[</c> overflowed the stack);</item>
/// <item>more than <see cref="ConfigLimits.MaxNodes"/> values, an alias counting as often as it is used, stops the
/// read (billion laughs);</item>
/// <item>an alias inside its own anchor (a loop), or to no anchor, is an error and read as an empty value;</item>
/// <item>a repeated key is an error and its value is left out (the builder would stop at the first one, hiding
/// every later error); so is a list, mapping or alias as a key;</item>
/// <item>a tag other than YAML's plain ones (<c>!!binary</c>, <c>!custom</c>) and a value longer than
/// <see cref="ConfigLimits.MaxValueChars"/> are errors;</item>
/// <item>any exception of the YAML parser becomes a located "not valid YAML" error.</item>
/// </list>
/// Errors that do not stop the read go to the diagnostics, so that the operator sees them with all the others;
/// the ones that do throw <see cref="ConfigException"/> with every error found so far.
/// </summary>
internal sealed class GuardedYamlParser : IParser
{
    private static readonly HashSet<string> PlainTags = new(
        new[] { "str", "int", "bool", "float", "null", "map", "seq" }.Select(t => "tag:yaml.org,2002:" + t), StringComparer.Ordinal);

    private readonly Scanner _scanner;
    private readonly Parser _parser;
    private readonly ConfigDiagnostics _diagnostics;
    private readonly List<Frame> _open = [];
    private readonly Dictionary<string, Anchor> _anchors = new(StringComparer.Ordinal);
    private long _nodes;
    private int _documents;

    // Nodes still to leave out (the value of a repeated key, or a key that is not a name and its value), and how
    // deep inside the one being left out the events are.
    private readonly string _yaml;
    private int _skipNodes;
    private int _skipDepth;

    public GuardedYamlParser(string yaml, ConfigDiagnostics diagnostics)
    {
        _yaml = yaml;
        _scanner = new Scanner(new StringReader(yaml), skipComments: true);
        _parser = new Parser(_scanner);
        _diagnostics = diagnostics;
    }

    /// <inheritdoc />
    public ParsingEvent? Current { get; private set; }

    /// <inheritdoc />
    public bool MoveNext()
    {
        while (Next() is { } next)
        {
            if (Inspect(next) is { } passed)
            {
                Current = passed;
                return true;
            }
        }
        Current = null;
        return false;
    }

    /// <summary>Where the scanner is (for an error of YamlDotNet's node builder, which has no mark of its own).</summary>
    public Mark Position => _scanner.CurrentPosition;

    /// <summary>Stops the read with <paramref name="message"/> at <paramref name="mark"/> and every error found so far.</summary>
    public ConfigException Stop(Mark mark, string message)
    {
        _diagnostics.Error(mark, "", message);
        return new ConfigException(_diagnostics.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column));
    }

    private ParsingEvent? Next()
    {
        try
        {
            return _parser.MoveNext() ? _parser.Current : null;
        }
        catch (YamlException e)
        {
            throw Stop(Where(e), $"not valid YAML: {YamlMessage(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // YamlDotNet throws these too on some malformed input (an unclosed '[' among others).
            throw Stop(Position, $"not valid YAML: the parser gave up here ({e.Message})");
        }
    }

    /// <summary>
    /// Where a YamlDotNet error is to be looked for. A tab in indentation is reported at the start of the mapping
    /// around it ("While scanning a mapping, found invalid tab as indentation" at 1:1 for a tab on line 2): the tab
    /// itself is the place to fix, so the first indentation tab at or after that start is named instead.
    /// </summary>
    public Mark Where(YamlException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!YamlMessage(e).Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return e.Start;
        }
        int line = 1;
        for (int start = 0; start < _yaml.Length; line++)
        {
            int i = start;
            while (i < _yaml.Length && _yaml[i] is ' ' or '\t')
            {
                if (_yaml[i] == '\t' && line >= e.Start.Line)
                {
                    return new Mark(i, line, i - start + 1);
                }
                i++;
            }
            int end = _yaml.IndexOf('\n', i);
            start = end < 0 ? _yaml.Length : end + 1;
        }
        return e.Start;
    }

    /// <summary>The message of a YamlDotNet exception without its own "(Line: 3, Col: 5, Idx: 20) - (…): " prefix.</summary>
    public static string YamlMessage(YamlException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string message = (e.InnerException?.Message ?? e.Message).Replace("\n", " ", StringComparison.Ordinal);
        int dash = message.LastIndexOf("): ", StringComparison.Ordinal);
        return dash >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(dash + 3)..] : message;
    }

    /// <summary>Checks one event; returns what the node builder gets instead (null: nothing).</summary>
    private ParsingEvent? Inspect(ParsingEvent e)
    {
        if (_skipNodes > 0)
        {
            Skip(e);
            return null;
        }
        switch (e)
        {
            case DocumentStart:
                if (++_documents == 2)
                {
                    Error(e.Start, "", "a second YAML document (after ---) is not read: the configuration is one document; remove the --- line and merge what follows into the first");
                }
                return e;
            case MappingStart or SequenceStart:
                return OpenCollection((NodeEvent)e);
            case MappingEnd or SequenceEnd:
                Close();
                return e;
            case Scalar scalar:
                return ReadScalar(scalar);
            case AnchorAlias alias:
                return ReadAlias(alias);
            default:
                return e;
        }
    }

    private NodeEvent? OpenCollection(NodeEvent e)
    {
        Frame? parent = _open.Count > 0 ? _open[^1] : null;
        if (_open.Count + 1 > ConfigLimits.MaxDepth)
        {
            throw TooDeep(e.Start);
        }
        Count(e.Start, 1);
        if (parent is { IsMapping: true, ExpectKey: true })
        {
            Error(e.Start, parent.Path, "a key must be a plain name, not a list or mapping; this key and its value are not read");
            // The rest of this key, then its value.
            _skipNodes = 2;
            _skipDepth = 1;
            return null;
        }
        string path = ChildPath(parent);
        CheckTag(e, path);
        _open.Add(new Frame(e is MappingStart, path, e.Anchor.IsEmpty ? null : e.Anchor.Value));
        if (!e.Anchor.IsEmpty)
        {
            _anchors[e.Anchor.Value] = new Anchor(Nodes: 0, Open: true);
        }
        return e;
    }

    private void Close()
    {
        Frame closed = _open[^1];
        _open.RemoveAt(_open.Count - 1);
        if (closed.Anchor is not null)
        {
            _anchors[closed.Anchor] = new Anchor(closed.Nodes, Open: false);
        }
        Completed(closed.Nodes);
    }

    private Scalar? ReadScalar(Scalar e)
    {
        Frame? parent = _open.Count > 0 ? _open[^1] : null;
        bool isKey = parent is { IsMapping: true, ExpectKey: true };
        string path = isKey ? parent!.Path : ChildPath(parent);
        Count(e.Start, 1);
        if (e.Value.Length > ConfigLimits.MaxValueChars)
        {
            Error(e.Start, path, $"a value of {e.Value.Length} characters; at most {ConfigLimits.MaxValueChars} (is this the right file?)");
            if (isKey)
            {
                SkipValue();
                return null;
            }
            // Not kept (nor ever shown): the readers see an empty value, and say nothing more about it.
            _diagnostics.Reported(e.Start);
            e = Replace(e, "");
        }
        CheckTag(e, path);
        if (isKey)
        {
            if (parent!.Keys.TryGetValue(e.Value, out Mark first))
            {
                Error(e.Start, Join(parent.Path, ConfigText.ShowKey(e.Value)), $"repeated key (first at line {first.Line}); a key may appear once in a mapping");
                SkipValue();
                return null;
            }
            parent.Keys.Add(e.Value, e.Start);
            parent.Key = e.Value;
            parent.ExpectKey = false;
            parent.Nodes++;
            return e;
        }
        if (!e.Anchor.IsEmpty)
        {
            _anchors[e.Anchor.Value] = new Anchor(Nodes: 1, Open: false);
        }
        Completed(1);
        return e;
    }

    private ParsingEvent? ReadAlias(AnchorAlias e)
    {
        Frame? parent = _open.Count > 0 ? _open[^1] : null;
        if (parent is { IsMapping: true, ExpectKey: true })
        {
            Error(e.Start, parent.Path, "a key must be a plain name, not an alias; this key and its value are not read");
            Count(e.Start, 1);
            SkipValue();
            return null;
        }
        string name = e.Value.Value;
        string path = ChildPath(parent);
        string? problem = !_anchors.TryGetValue(name, out Anchor? anchor)
            ? $"*{name} refers to no anchor &{name} above it (an anchor comes before its aliases)"
            : anchor.Open
                ? $"*{name} is inside the node it refers to (a loop); write the values out instead"
                : null;
        if (problem is not null)
        {
            Error(e.Start, path, problem);
            _diagnostics.Reported(e.Start);
            Count(e.Start, 1);
            Completed(1);
            return new Scalar(AnchorName.Empty, TagName.Empty, "", ScalarStyle.Plain, true, false, e.Start, e.End, false);
        }
        Count(e.Start, anchor!.Nodes);
        Completed(anchor.Nodes);
        return e;
    }

    private void Skip(ParsingEvent e)
    {
        switch (e)
        {
            case MappingStart or SequenceStart:
                if (_open.Count + ++_skipDepth > ConfigLimits.MaxDepth)
                {
                    throw TooDeep(e.Start);
                }
                Count(e.Start, 1);
                return;
            case MappingEnd or SequenceEnd:
                _skipDepth--;
                break;
            case Scalar or AnchorAlias:
                Count(e.Start, 1);
                break;
            default:
                return;
        }
        if (_skipDepth == 0)
        {
            _skipNodes--;
        }
    }

    /// <summary>Leaves out the value of the key just read (the key itself was not passed on).</summary>
    private void SkipValue()
    {
        _skipNodes = 1;
        _skipDepth = 0;
    }

    private ConfigException TooDeep(Mark at) =>
        Stop(at, $"lists and mappings are nested more than {ConfigLimits.MaxDepth} levels deep here (a configuration needs 4)");

    /// <summary>A node of <paramref name="nodes"/> values (aliases expanded) is complete in the innermost open one.</summary>
    private void Completed(long nodes)
    {
        if (_open.Count == 0)
        {
            return;
        }
        Frame parent = _open[^1];
        parent.Nodes += nodes;
        if (parent.IsMapping)
        {
            parent.ExpectKey = true;
        }
        else
        {
            parent.Index++;
        }
    }

    private void Count(Mark at, long nodes)
    {
        _nodes += nodes;
        if (_nodes > ConfigLimits.MaxNodes)
        {
            throw Stop(at, $"the file holds more than {ConfigLimits.MaxNodes} values (aliases count as often as they are used); a configuration needs far fewer");
        }
    }

    private void CheckTag(NodeEvent e, string path)
    {
        if (e.Tag.IsEmpty || e.Tag.IsNonSpecific || PlainTags.Contains(e.Tag.Value))
        {
            return;
        }
        const string yamlTags = "tag:yaml.org,2002:";
        string shown = e.Tag.Value.StartsWith(yamlTags, StringComparison.Ordinal) ? "!!" + e.Tag.Value[yamlTags.Length..] : e.Tag.Value;
        Error(e.Start, path,
            $"the tag {ConfigText.Show(shown)} is not supported here; remove it (the configuration takes plain values)");
    }

    private void Error(Mark at, string key, string message) => _diagnostics.Error(at, key, message);

    private static Scalar Replace(Scalar e, string value) =>
        new(e.Anchor, e.Tag, value, e.Style, e.IsPlainImplicit, e.IsQuotedImplicit, e.Start, e.End, e.IsKey);

    private static string ChildPath(Frame? parent) => parent switch
    {
        null => "",
        { IsMapping: true } => Join(parent.Path, ConfigText.ShowKey(parent.Key ?? "")),
        _ => $"{parent.Path}[{parent.Index}]",
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    /// <summary>An open list or mapping.</summary>
    private sealed class Frame(bool isMapping, string path, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string Path { get; } = path;

        public string? Anchor { get; } = anchor;

        /// <summary>Values inside, itself included, aliases expanded (what an alias to it costs).</summary>
        public long Nodes { get; set; } = 1;

        /// <summary>For a mapping: whether the next node is a key.</summary>
        public bool ExpectKey { get; set; } = true;

        /// <summary>For a mapping: its keys so far, where each was first given.</summary>
        public Dictionary<string, Mark> Keys { get; } = new(StringComparer.Ordinal);

        /// <summary>For a mapping: the key whose value comes next.</summary>
        public string? Key { get; set; }

        /// <summary>For a list: the index of the next item.</summary>
        public int Index { get; set; }
    }

    /// <summary>An anchor seen so far: what an alias to it costs, and whether its node is still open.</summary>
    private sealed record Anchor(long Nodes, bool Open);
}

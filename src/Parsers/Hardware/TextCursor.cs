using System.Globalization;

namespace SolWatch.Parsers.Hardware;

/// <summary>
/// Reads a printk format back from its output, a field at a time (<c>"CPU %d: Machine Check%s: %Lx Bank %d: %016Lx"</c>):
/// literal text, decimal and hexadecimal numbers, spaces. Hand-written span code: it runs only on the few lines the
/// pre-filter lets through, but must allocate nothing while it reads.
/// </summary>
internal ref struct TextCursor(ReadOnlySpan<char> text)
{
    private readonly ReadOnlySpan<char> _text = text;

    /// <summary>Where the next read starts.</summary>
    public int Position { get; set; }

    /// <summary>What is left.</summary>
    public readonly ReadOnlySpan<char> Rest => _text[Position..];

    /// <summary>Nothing is left.</summary>
    public readonly bool AtEnd => Position >= _text.Length;

    /// <summary>Reads <paramref name="literal"/> when it comes next.</summary>
    public bool Literal(string literal)
    {
        if (!Rest.StartsWith(literal, StringComparison.Ordinal))
        {
            return false;
        }
        Position += literal.Length;
        return true;
    }

    /// <summary>Skips spaces and tabs.</summary>
    public void Spaces()
    {
        while (Position < _text.Length && (_text[Position] == ' ' || _text[Position] == '\t'))
        {
            Position++;
        }
    }

    /// <summary>Reads a decimal number (with a leading '-' when <paramref name="signed"/>).</summary>
    public bool Int(out int value, bool signed = false)
    {
        int start = Position;
        int i = Position;
        if (signed && i < _text.Length && _text[i] == '-')
        {
            i++;
        }
        while (i < _text.Length && char.IsAsciiDigit(_text[i]))
        {
            i++;
        }
        if (!int.TryParse(_text[start..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        Position = i;
        return true;
    }

    /// <summary>Reads a hexadecimal number, with or without "0x"; at most 16 digits.</summary>
    public bool Hex(out ulong value)
    {
        int i = Position;
        if (_text[i..].StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            i += 2;
        }
        int digits = i;
        while (i < _text.Length && char.IsAsciiHexDigit(_text[i]))
        {
            i++;
        }
        if (i == digits || i - digits > 16
            || !ulong.TryParse(_text[digits..i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }
        Position = i;
        return true;
    }

    /// <summary>Moves past the next <paramref name="literal"/>; false (not moved) when there is none.</summary>
    public bool After(string literal)
    {
        int at = Rest.IndexOf(literal, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }
        Position += at + literal.Length;
        return true;
    }

    /// <summary>Reads up to (not including) <paramref name="stop"/>, or to the end.</summary>
    public ReadOnlySpan<char> Until(char stop)
    {
        int at = Rest.IndexOf(stop);
        ReadOnlySpan<char> taken = at < 0 ? Rest : Rest[..at];
        Position += taken.Length;
        return taken;
    }
}

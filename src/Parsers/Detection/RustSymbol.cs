using System.Text;

namespace SolWatch.Parsers.Detection;

/// <summary>
/// Turns a Rust symbol as the kernel prints it into the path a person reads: the v0 scheme
/// (<c>_RNvMs3_NtCshgDM7dBCdno_11rust_binder7processNtB5_7Process10update_ref</c> →
/// <c>&lt;rust_binder::process::Process&gt;::update_ref</c>, RFC 2603) and the legacy one
/// (<c>_ZN6kernel5alloc8allocate17h0123456789abcdefE</c> → <c>kernel::alloc::allocate</c>). Crate disambiguators and
/// hashes are left out, as rustc-demangle's alternate form does. Anything it cannot read is returned as null; a
/// symbol never makes it throw or loop (backreferences only point backwards, depth is bounded).
/// </summary>
internal static class RustSymbol
{
    private const int MaxDepth = 64;

    /// <summary>The demangled path, or null when <paramref name="symbol"/> is no Rust symbol (or one it cannot read).</summary>
    public static string? Demangle(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        if (symbol.StartsWith("_R", StringComparison.Ordinal))
        {
            var v0 = new V0(symbol);
            return v0.Run();
        }
        return symbol.StartsWith("_ZN", StringComparison.Ordinal) && symbol.EndsWith('E') ? Legacy(symbol) : null;
    }

    // _ZN <len><ident>… [17h<16 hex>] E
    private static string? Legacy(string s)
    {
        var parts = new List<string>();
        int i = 3;
        while (i < s.Length - 1)
        {
            int len = 0, digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]) && len < 10_000)
            {
                len = (len * 10) + (s[i] - '0');
                i++;
            }
            if (i == digits || len == 0 || i + len > s.Length - 1)
            {
                return null;
            }
            string part = s.Substring(i, len);
            i += len;
            if (!IsLegacyHash(part))
            {
                parts.Add(part.Replace("$LT$", "<", StringComparison.Ordinal).Replace("$GT$", ">", StringComparison.Ordinal)
                    .Replace("$u20$", " ", StringComparison.Ordinal).Replace("..", "::", StringComparison.Ordinal));
            }
        }
        return i == s.Length - 1 && parts.Count > 0 ? string.Join("::", parts) : null;
    }

    private static readonly System.Buffers.SearchValues<char> HexLower = System.Buffers.SearchValues.Create("0123456789abcdef");

    private static bool IsLegacyHash(string part) => part.Length == 17 && part[0] == 'h' && part.AsSpan(1).IndexOfAnyExcept(HexLower) < 0;

    /// <summary>A reader of one v0 symbol.</summary>
    private sealed class V0(string s)
    {
        private const int Start = 2; // backreferences count from just past "_R"
        private int _pos = Start;
        private int _depth;

        public string? Run()
        {
            try
            {
                if (Peek is >= '0' and <= '9')
                {
                    Decimal(); // encoding version
                }
                var sb = new StringBuilder();
                return Path(sb) ? sb.ToString() : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private char Peek => _pos < s.Length ? s[_pos] : '\0';

        private char Next() => _pos < s.Length ? s[_pos++] : throw new FormatException();

        private bool Path(StringBuilder sb)
        {
            if (++_depth > MaxDepth)
            {
                throw new FormatException();
            }
            try
            {
                switch (Next())
                {
                    case 'C':
                        sb.Append(Identifier());
                        return true;
                    case 'N':
                        {
                            char ns = Next();
                            if (!char.IsAsciiLetter(ns) || !Path(sb))
                            {
                                return false;
                            }
                            string name = Identifier();
                            if (char.IsAsciiLetterUpper(ns))
                            {
                                // Special namespaces: C closure, S shim.
                                sb.Append("::{").Append(ns == 'C' ? "closure" : ns == 'S' ? "shim" : ns.ToString());
                                sb.Append(name.Length > 0 ? ":" + name : "").Append('}');
                            }
                            else if (name.Length > 0)
                            {
                                sb.Append("::").Append(name);
                            }
                            return true;
                        }
                    case 'M':
                        Disambiguator();
                        Path(new StringBuilder()); // the impl's own path is not shown
                        sb.Append('<');
                        Type(sb);
                        sb.Append('>');
                        return true;
                    case 'X':
                        // A trait impl: its own path says nothing the "<Type as Trait>" form does not.
                        Disambiguator();
                        Path(new StringBuilder());
                        goto case 'Y';
                    case 'Y':
                        sb.Append('<');
                        Type(sb);
                        sb.Append(" as ");
                        Path(sb);
                        sb.Append('>');
                        return true;
                    case 'I':
                        Path(sb);
                        sb.Append("::<");
                        GenericArgs(sb);
                        sb.Append('>');
                        return true;
                    case 'B':
                        return Backref(() => Path(sb));
                    default:
                        return false;
                }
            }
            finally
            {
                _depth--;
            }
        }

        private void GenericArgs(StringBuilder sb)
        {
            bool first = true;
            while (Peek != 'E')
            {
                if (!first)
                {
                    sb.Append(", ");
                }
                first = false;
                if (Peek == 'L')
                {
                    _pos++;
                    Base62();
                    sb.Append("'_");
                }
                else if (Peek == 'K')
                {
                    _pos++;
                    Const(sb);
                }
                else
                {
                    Type(sb);
                }
            }
            _pos++;
        }

        private void Type(StringBuilder sb)
        {
            if (++_depth > MaxDepth)
            {
                throw new FormatException();
            }
            try
            {
                char c = Peek;
                if (Basic(c) is { } basic)
                {
                    _pos++;
                    sb.Append(basic);
                    return;
                }
                switch (c)
                {
                    case 'C' or 'M' or 'X' or 'Y' or 'N' or 'I':
                        Path(sb);
                        return;
                    case 'B':
                        _pos++;
                        Backref(() => { Type(sb); return true; });
                        return;
                    case 'R' or 'Q':
                        _pos++;
                        if (Peek == 'L')
                        {
                            _pos++;
                            Base62();
                        }
                        sb.Append(c == 'R' ? "&" : "&mut ");
                        Type(sb);
                        return;
                    case 'P' or 'O':
                        _pos++;
                        sb.Append(c == 'P' ? "*const " : "*mut ");
                        Type(sb);
                        return;
                    case 'S':
                        _pos++;
                        sb.Append('[');
                        Type(sb);
                        sb.Append(']');
                        return;
                    case 'A':
                        _pos++;
                        sb.Append('[');
                        Type(sb);
                        sb.Append("; ");
                        Const(sb);
                        sb.Append(']');
                        return;
                    case 'T':
                        _pos++;
                        sb.Append('(');
                        GenericArgs(sb);
                        sb.Append(')');
                        return;
                    default:
                        // fn pointers and dyn traits: not needed to name a frame.
                        throw new FormatException();
                }
            }
            finally
            {
                _depth--;
            }
        }

        private void Const(StringBuilder sb)
        {
            if (Peek == 'p')
            {
                _pos++;
                sb.Append('_');
                return;
            }
            if (Peek == 'B')
            {
                _pos++;
                Backref(() => { Const(sb); return true; });
                return;
            }
            Type(new StringBuilder());
            bool negative = Peek == 'n';
            if (negative)
            {
                _pos++;
            }
            int start = _pos;
            while (char.IsAsciiHexDigitLower(Peek))
            {
                _pos++;
            }
            string hex = s[start.._pos];
            if (Next() != '_')
            {
                throw new FormatException();
            }
            sb.Append(negative ? "-" : "").Append(hex.Length == 0 ? "0" : "0x" + hex);
        }

        private bool Backref(Func<bool> read)
        {
            int at = _pos - 1;
            long target = Start + Base62();
            if (target >= at)
            {
                throw new FormatException();
            }
            int saved = _pos;
            _pos = (int)target;
            bool ok = read();
            _pos = saved;
            return ok;
        }

        private void Disambiguator()
        {
            if (Peek == 's')
            {
                _pos++;
                Base62();
            }
        }

        private string Identifier()
        {
            Disambiguator();
            bool punycode = Peek == 'u';
            if (punycode)
            {
                _pos++;
            }
            int len = Decimal();
            if (Peek == '_')
            {
                _pos++;
            }
            if (len > s.Length - _pos)
            {
                throw new FormatException();
            }
            string ident = s.Substring(_pos, len);
            _pos += len;
            return punycode ? "{punycode}" + ident : ident;
        }

        private int Decimal()
        {
            int start = _pos, value = 0;
            while (char.IsAsciiDigit(Peek))
            {
                value = checked((value * 10) + (s[_pos] - '0'));
                _pos++;
                if (value > 100_000)
                {
                    throw new FormatException();
                }
            }
            return _pos > start ? value : throw new FormatException();
        }

        private long Base62()
        {
            if (Peek == '_')
            {
                _pos++;
                return 0;
            }
            long value = 0;
            while (Peek != '_')
            {
                char c = Next();
                int digit = c switch
                {
                    >= '0' and <= '9' => c - '0',
                    >= 'a' and <= 'z' => c - 'a' + 10,
                    >= 'A' and <= 'Z' => c - 'A' + 36,
                    _ => throw new FormatException(),
                };
                // Crate disambiguators are 64-bit hashes: saturate (only backreferences need the value, and they are small).
                value = Math.Min((value * 62) + digit, int.MaxValue);
            }
            _pos++;
            return value + 1;
        }

        private static string? Basic(char c) => c switch
        {
            'a' => "i8", 'b' => "bool", 'c' => "char", 'd' => "f64", 'e' => "str", 'f' => "f32", 'h' => "u8", 'i' => "isize",
            'j' => "usize", 'l' => "i32", 'm' => "u32", 'n' => "i128", 'o' => "u128", 's' => "i16", 't' => "u16", 'u' => "()",
            'v' => "...", 'x' => "i64", 'y' => "u64", 'z' => "!", 'p' => "_",
            _ => null,
        };
    }
}

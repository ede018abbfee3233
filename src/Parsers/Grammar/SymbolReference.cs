namespace SolWatch.Parsers.Grammar;

/// <summary>A symbol as printed by the kernel's <c>%pS</c>: <c>name+0xoff/0xsize [module]</c>.</summary>
internal readonly record struct SymbolReference(string Name, long? Offset, long? Size, string? Module)
{
    /// <summary>The name without GCC clone suffixes (<c>.isra.0</c>, <c>.cold</c>, <c>.part.3</c>) or ppc64's leading dot:
    /// the function as written in the source.</summary>
    public string Function { get; } = FunctionOf(Name);

    private static string FunctionOf(string name)
    {
        ReadOnlySpan<char> n = name.StartsWith('.') ? name.AsSpan(1) : name;
        int dot = n.IndexOf('.');
        return dot > 0 ? n[..dot].ToString() : n.Length == name.Length ? name : n.ToString();
    }
}

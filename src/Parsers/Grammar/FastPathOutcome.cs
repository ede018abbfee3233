namespace SolWatch.Parsers.Grammar;

/// <summary>What a fast path (a hand-written reader of a line family's common shape) made of a line.</summary>
/// <remarks>
/// Why fast paths exist: on a crash-dense console most lines are frames, registers and the like, and a combinator
/// parse costs one to five microseconds a line — alone more than the whole time budget of <c>solwatch scan</c>.
/// The rule that keeps them honest: a fast path answers only for the exact shape it knows, and then gives what the
/// grammar gives (the FastPath tests compare both on every candidate line of the corpora); on anything else it says
/// <see cref="Unsure"/> and the Pidgin grammar decides. The grammars stay the definition of each line family.
/// </remarks>
internal enum FastPathOutcome
{
    /// <summary>The line has the common shape and was read.</summary>
    Read,

    /// <summary>The line cannot be of this family: the grammar would fail on its first token.</summary>
    NotThisFamily,

    /// <summary>Some other shape: ask the grammar.</summary>
    Unsure,
}

namespace SolWatch.Storage.Incidents;

/// <summary>An incident of a damaged database that could not be read.</summary>
/// <param name="Id">Its id (0 when even that is unknown).</param>
/// <param name="Error">What LiteDB said.</param>
public sealed record UnreadableRecord(long Id, string Error);

/// <summary>Incidents of a query, and the records a damaged database could not give (empty when it is sound).</summary>
/// <param name="Incidents">The readable incidents matching the query.</param>
/// <param name="Unreadable">The incidents that could not be read (they may or may not match the query).</param>
public sealed record IncidentReadResult(IReadOnlyList<Incident> Incidents, IReadOnlyList<UnreadableRecord> Unreadable)
{
    /// <summary>What is wrong with the file as a whole (e.g. cut short: incidents in the lost part are not listed at all).</summary>
    public string? FileDamage { get; init; }

    /// <summary>One line for an operator naming the unreadable records; null when there are none.</summary>
    public string? Warning => Unreadable.Count == 0 && FileDamage is null
        ? null
        : "warning: " +
          (FileDamage is null ? "" : $"the database is {FileDamage}: incidents stored in the missing part are not shown; ") +
          (Unreadable.Count == 0 ? "" :
              $"{Unreadable.Count} incident record(s) of the database are unreadable (damaged) and not shown: " +
              $"ids {string.Join(", ", Unreadable.Take(20).Select(u => u.Id))}{(Unreadable.Count > 20 ? ", ..." : "")}; ") +
          "run `solwatch db check` for details and `solwatch db rebuild` to salvage the rest";
}

/// <summary>The fleet view of a query, and the records a damaged database could not give.</summary>
/// <param name="Groups">The fingerprint groups of the readable incidents.</param>
/// <param name="Unreadable">The incidents that could not be read.</param>
public sealed record FleetReadResult(IReadOnlyList<FingerprintGroup> Groups, IReadOnlyList<UnreadableRecord> Unreadable)
{
    /// <summary>What is wrong with the file as a whole (e.g. cut short).</summary>
    public string? FileDamage { get; init; }

    /// <summary>One line for an operator naming the unreadable records; null when there are none.</summary>
    public string? Warning => new IncidentReadResult([], Unreadable) { FileDamage = FileDamage }.Warning;
}

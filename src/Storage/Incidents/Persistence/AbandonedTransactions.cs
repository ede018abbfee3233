using System.Collections;
using System.Reflection;
using LiteDB;
using LiteDB.Engine;

namespace SolWatch.Storage.Incidents.Persistence;

/// <summary>
/// Works around a LiteDB 5.0.21 defect that ends the process (litedb-org/LiteDB#2828, fixed only in the 6.x prereleases,
/// which this project does not take). When a write fails on the file system (a full disk), LiteDB closes its engine;
/// the close disposes the open transaction, which throws ("discarded page must be writable") before it is marked
/// disposed and taken off the finalizer queue, and the close swallows that. The transaction's finalizer later runs the
/// same dispose on the GC's finalizer thread, throws again, and an unhandled exception there ends the process: the
/// daemon, with every console, a minute after the disk filled (found by filling a tmpfs under a running daemon).
/// Before a database is let go, the transactions its engine still lists are taken off the finalizer queue: the engine
/// and its streams are closed, so there is nothing left for their dispose to release.
/// </summary>
internal static class AbandonedTransactions
{
    private const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;

    // LiteDatabase._engine → LiteEngine._monitor → TransactionMonitor._transactions (Dictionary<uint, TransactionService>).
    private static readonly FieldInfo? Engine = typeof(LiteDatabase).GetField("_engine", Private);
    private static readonly FieldInfo? Monitor = typeof(LiteEngine).GetField("_monitor", Private);
    private static readonly FieldInfo? Transactions = Monitor?.FieldType.GetField("_transactions", Private);

    private static long _disarmed;

    /// <summary>Transactions taken off the finalizer queue since the process started.</summary>
    public static long Disarmed => Interlocked.Read(ref _disarmed);

    /// <summary>Whether this LiteDB has the fields the workaround reaches (a test holds an upgrade to it).</summary>
    public static bool CanReach => Engine is not null && Monitor is not null && Transactions is not null;

    /// <summary>
    /// Takes the transactions <paramref name="database"/>'s engine still lists off the finalizer queue; call it after
    /// closing the database, before letting it go. Returns how many there were. Never throws.
    /// </summary>
    public static int Disarm(LiteDatabase database)
    {
        try
        {
            if (Engine?.GetValue(database) is not LiteEngine engine
                || Monitor?.GetValue(engine) is not { } monitor
                || Transactions?.GetValue(monitor) is not IDictionary open)
            {
                return 0;
            }

            var disarmed = 0;
            lock (open)
            {
                foreach (var transaction in open.Values)
                {
                    if (transaction is not null)
                    {
                        // Someone else's object on purpose (CA1816): the transaction's own Dispose is what throws.
#pragma warning disable CA1816
                        GC.SuppressFinalize(transaction);
#pragma warning restore CA1816
                        disarmed++;
                    }
                }
            }

            Interlocked.Add(ref _disarmed, disarmed);
            return disarmed;
        }
        catch (Exception ex) when (ex is TargetException or FieldAccessException or InvalidOperationException)
        {
            return 0;
        }
    }
}

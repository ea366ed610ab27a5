using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Recorder.Application.Common.Interfaces;
using Recorder.Application.Conversations.Erasure;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence.Configurations;
using Recorder.Infrastructure.Persistence.Errors;

namespace Recorder.Infrastructure.Persistence.Erasure;

/// <summary>
/// Deletes rows through EF Core, one batch per statement in autocommit, so each batch is its own short transaction
/// and locks little beyond the rows it deletes; the recorder's inserts of new rounds do not wait behind it. Values travel as
/// parameters. A batch chosen as a deadlock victim, or one that waited too long for a lock, was rolled back whole and
/// is simply run again.
/// <list type="bullet">
/// <item>Purge: <c>DELETE … WHERE occurred &lt; @cutoff ORDER BY occurred, id LIMIT @n</c> (Pomelo's translation of
/// <c>ExecuteDelete</c> over <c>OrderBy</c> + <c>Take</c>). The order is <c>idx_occurred</c>'s own, so the server walks
/// that index from the oldest row and stops after n.</item>
/// <item>Forget: <c>DELETE … WHERE user_id = @user LIMIT @n</c>, deliberately unordered. Two indexes lead with
/// <c>user_id</c> (<c>uk_rec_dedup</c>, <c>idx_user_occurred</c>) and the server picks either; an ORDER BY matching
/// only one of them made MariaDB read and sort every row of the user for each batch. Unordered, it walks whichever
/// index it picked and stops after n.</item>
/// </list>
/// </summary>
public sealed class ConversationRecordEraser(IDbContextFactory<RecorderDbContext> contexts) : IConversationRecordEraser
{
    private const int Attempts = 5;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);

    public async Task<long> CountAsync(RecordSelection selection, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Matching(db, selection).LongCountAsync(cancellationToken);
    }

    /// <summary>The batch statement with LIMIT 0: EF Core translates and caches it (the limit is a parameter, so the
    /// real batches reuse it), and the server answers at once without reading a row.</summary>
    public Task PrepareAsync(RecordSelection selection, CancellationToken cancellationToken) =>
        DeleteOnceAsync(selection, 0, cancellationToken);

    public async Task<int> DeleteBatchAsync(RecordSelection selection, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DeleteOnceAsync(selection, maxRows, cancellationToken);
            }
            catch (MySqlException ex) when (attempt < Attempts && ex.Kind() is MySqlErrorKind.Deadlock or MySqlErrorKind.LockWaitTimeout)
            {
                await Task.Delay(FirstBackoff * (1 << (attempt - 1)), cancellationToken);
            }
        }
    }

    private async Task<int> DeleteOnceAsync(RecordSelection selection, int maxRows, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, selection);
        var batch = selection is RecordsOccurredBefore
            ? matching.OrderBy(r => r.Occurred).ThenBy(r => EF.Property<ulong>(r, ConversationRecordConfiguration.IdProperty)).Take(maxRows)
            : matching.Take(maxRows);
        return await batch.ExecuteDeleteAsync(cancellationToken);
    }

    // user_id's NO PAD binary collation makes the equality exact: no case folding, accents or trailing-space padding.
    private static IQueryable<ConversationRecord> Matching(RecorderDbContext db, RecordSelection selection) => selection switch
    {
        RecordsOccurredBefore before => db.ConversationRecords.Where(r => r.Occurred < before.Cutoff),
        RecordsOfUser user => db.ConversationRecords.Where(r => r.UserId == user.UserId),
        _ => throw new ArgumentOutOfRangeException(nameof(selection), selection?.GetType().Name, "Unknown record selection."),
    };
}

using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Recorder.Infrastructure.Persistence.BulkInsert;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// One writer's context and connection, kept open from one transaction to the next. Taking a connection from the pool
/// for every transaction resets its session on the server first: measured in the drain benchmark with one writer,
/// opening took 13 ms of the 90 ms each 4,500-row transaction lasted while the recorder was busy. A kept session also
/// keeps its raised warning limit, so a LOAD DATA need not raise it again.
/// </summary>
/// <remarks>
/// A kept connection misses what the pool does for idle ones (pruning after an idle timeout, following a failover
/// of the server's address), so it is given back once it has been idle for <see cref="MaxIdle"/> or open for
/// <see cref="MaxAge"/>: a busy writer keeps it, a quiet one takes a fresh one.
/// </remarks>
internal sealed class WriterConnection(IDbContextFactory<RecorderDbContext> contexts, TimeProvider time) : IAsyncDisposable
{
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private RecorderDbContext? _context;
    private DateTimeOffset _openedAt;
    private DateTimeOffset _lastUsed;

    /// <summary>True while a connection is kept from an earlier transaction.</summary>
    public bool IsOpen => _context is not null;

    /// <summary>Whether the last <see cref="OpenAsync"/> handed out a connection kept from an earlier transaction.</summary>
    public bool LastOpenWasKept { get; private set; }

    /// <summary>
    /// The open context, opening a new connection (and raising its warning limit) when there is none or the kept one
    /// has been idle or open too long.
    /// </summary>
    public async ValueTask<RecorderDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_context is not null && (now - _lastUsed > MaxIdle || now - _openedAt > MaxAge))
        {
            await DiscardAsync();
        }

        LastOpenWasKept = _context is not null;
        if (_context is not null)
        {
            _lastUsed = now;
            return _context;
        }

        var context = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
            await using var raise = new MySqlCommand(InsertWarnings.RaiseLimitSql, (MySqlConnection)context.Database.GetDbConnection());
            await raise.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }

        _context = context;
        _openedAt = _lastUsed = now;
        return context;
    }

    /// <summary>
    /// Gives the connection back after a failed attempt: it may be broken or still inside a transaction, so the next
    /// attempt starts on a fresh one (the pool resets it before anyone reuses it).
    /// </summary>
    public async ValueTask DiscardAsync()
    {
        var context = _context;
        _context = null;
        if (context is not null)
        {
            await context.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => DiscardAsync();
}

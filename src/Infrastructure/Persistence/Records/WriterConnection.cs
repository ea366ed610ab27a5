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
/// <para>
/// The session runs with autocommit off, so a transaction begins with its first statement and ends with
/// <see cref="CommitAsync"/> or <see cref="RollbackAsync"/>: no round trip of its own to begin it. At a steady rate
/// the writers commit hundreds of small transactions a second, and beginning each one took a round trip through
/// the driver (README, "Measured: CPU at a steady rate").
/// </para>
/// <para>
/// A kept connection misses what the pool does for idle ones (pruning after an idle timeout, following a failover
/// of the server's address), so it is given back once it has been idle for <see cref="MaxIdle"/> or open for
/// <see cref="MaxAge"/>: a busy writer keeps it, a quiet one takes a fresh one.
/// </para>
/// </remarks>
internal sealed class WriterConnection(IDbContextFactory<RecorderDbContext> contexts, TimeProvider time) : IAsyncDisposable
{
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    // Rollback on discard: long enough for a server that answers, short enough not to hold a retry up on one that does not.
    private const int RollbackTimeoutSeconds = 5;

    private const string SessionSetupSql = InsertWarnings.RaiseLimitSql + "; SET SESSION autocommit = 0";

    private RecorderDbContext? _context;
    // Set when the context is handed out, cleared by a commit or rollback: between transactions none is open, so giving
    // an idle or old connection back sends no rollback (which would stall on a server that no longer answers).
    private bool _mayHoldTransaction;
    private DateTimeOffset _openedAt;
    private DateTimeOffset _lastUsed;

    /// <summary>True while a connection is kept from an earlier transaction.</summary>
    public bool IsOpen => _context is not null;

    /// <summary>Whether the last <see cref="OpenAsync"/> handed out a connection kept from an earlier transaction.</summary>
    public bool LastOpenWasKept { get; private set; }

    /// <summary>
    /// The open context, opening a new connection (raising its warning limit and turning autocommit off) when there
    /// is none or the kept one has been idle or open too long. What the caller writes next begins a transaction.
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
            _mayHoldTransaction = true;
            return _context;
        }

        var context = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await context.Database.OpenConnectionAsync(cancellationToken);
            await using var setup = new MySqlCommand(SessionSetupSql, (MySqlConnection)context.Database.GetDbConnection());
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }

        _context = context;
        _openedAt = _lastUsed = now;
        _mayHoldTransaction = true;
        return context;
    }

    /// <summary>Makes the rows written since the last commit or rollback durable.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => EndTransactionAsync("COMMIT", cancellationToken);

    /// <summary>Undoes the rows written since the last commit or rollback; the session stays usable.</summary>
    public Task RollbackAsync(CancellationToken cancellationToken) => EndTransactionAsync("ROLLBACK", cancellationToken);

    /// <summary>
    /// Gives the connection back after a failed attempt: it may be broken or still inside a transaction, so the next
    /// attempt starts on a fresh one. An open transaction is rolled back first when the session still answers: the
    /// pool resets a session only when it hands it out again, and until then the transaction would keep its rows
    /// locked against the very retry that writes them again.
    /// </summary>
    public async ValueTask DiscardAsync()
    {
        var context = _context;
        var mayHoldTransaction = _mayHoldTransaction;
        _context = null;
        _mayHoldTransaction = false;
        if (context is null)
        {
            return;
        }

        try
        {
            var connection = (MySqlConnection)context.Database.GetDbConnection();
            if (mayHoldTransaction && connection.State == System.Data.ConnectionState.Open)
            {
                await using var rollback = new MySqlCommand("ROLLBACK", connection) { CommandTimeout = RollbackTimeoutSeconds };
                await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
#pragma warning disable CA1031 // Best effort: a session that cannot roll back is broken, and the server ends its transaction when it goes.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => DiscardAsync();

    private async Task EndTransactionAsync(string statement, CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("The writer's connection is not open.");
        await using var command = new MySqlCommand(statement, (MySqlConnection)context.Database.GetDbConnection());
        await command.ExecuteNonQueryAsync(cancellationToken);
        _mayHoldTransaction = false;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Kafka.Consuming;
using Recorder.Infrastructure.Observability;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.Infrastructure.Persistence.Errors;

namespace Recorder.Infrastructure.Persistence.Records;

/// <summary>
/// Stores rows through the EF Core bulk insert, which skips duplicates of the unique key. A commit costs far more
/// than a statement, so rows of messages that arrive together share one transaction and one COMMIT. When some of them
/// were stored already, the messages go one by one instead, each in a transaction of its own, which keeps the
/// inserted/ignored count exact per caller. No caller hears that its rows are durable before the COMMIT that made them
/// so. Transient errors are retried with backoff until the retry budget is spent; a row the server refuses for good
/// fails only its own caller, never the others that shared the batch.
/// </summary>
public sealed partial class ConversationRecordWriter : IConversationRecordWriter, IAsyncDisposable
{
    private readonly IDbContextFactory<RecorderDbContext> _contexts;
    private readonly RecordWriterOptions _options;
    private readonly RecorderMetrics _metrics;
    private readonly ILogger<ConversationRecordWriter> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task[] _writers;
    private long _maxPacketBytes;
    private int _method;
    private int _disposed;

    public ConversationRecordWriter(
        IDbContextFactory<RecorderDbContext> contexts, IOptions<RecordWriterOptions> options, RecorderMetrics metrics, TimeProvider time,
        ILogger<ConversationRecordWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Value.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid record writer settings: " + string.Join(" ", problems));
        }

        _contexts = contexts;
        _options = options.Value;
        _method = (int)_options.InsertMethod;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _writers = Enumerable.Range(0, _options.Writers).Select(_ => Task.Run(WriteLoopAsync)).ToArray();
    }

    public Task<RecordWriteResult> WriteAsync(IReadOnlyList<ConversationRecord> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return Task.FromResult(RecordWriteResult.None);
        }

        // An array (what a round's ToRecords gives) is kept as it is: the port's callers never change rows they passed.
        var pending = new PendingWrite(rows as ConversationRecord[] ?? rows.ToArray(), _time.GetUtcNow() + _options.RetryBudget, cancellationToken, RecordTraceContext.Current());
        if (!_queue.Writer.TryWrite(pending))
        {
            pending.Fail(new ObjectDisposedException(nameof(ConversationRecordWriter)));
        }

        return pending.Task;
    }

    public async ValueTask DisposeAsync()
    {
        // Registered under two service types, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        // Callers drain before the writer is disposed; anything still retrying is abandoned, not lost: its
        // message was never acknowledged and will be redelivered.
        await _stopping.CancelAsync();
        await Task.WhenAll(_writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_queue.Reader.TryRead(out var left))
        {
            left.Fail(new OperationCanceledException("The record writer stopped."));
        }

        _stopping.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        // Transaction spans are roots linked to their records, never children of whatever was current at start-up.
        Activity.Current = null;
        var batch = new List<PendingWrite>();
        PendingWrite? carried = null;
        await using var connection = new WriterConnection(_contexts, _time);
        try
        {
            while (carried is not null || await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                batch.Clear();
                var rows = 0;
                if (carried is not null)
                {
                    batch.Add(carried);
                    rows = carried.Rows.Length;
                    carried = null;
                }

                while (rows < _options.MaxRowsPerTransaction && _queue.Reader.TryRead(out var next))
                {
                    if (next.IsAbandoned)
                    {
                        continue;
                    }

                    if (batch.Count > 0 && rows + next.Rows.Length > _options.MaxRowsPerTransaction)
                    {
                        carried = next;
                        break;
                    }

                    batch.Add(next);
                    rows += next.Rows.Length;
                }

                if (batch.Count > 0)
                {
                    try
                    {
                        await WriteBatchAsync(batch, connection);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        batch.ForEach(p => p.Fail(new OperationCanceledException("The record writer stopped.")));
                        throw;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            carried?.Fail(new OperationCanceledException("The record writer stopped."));
        }
    }

    private async Task WriteBatchAsync(List<PendingWrite> batch, WriterConnection connection)
    {
        using var span = TransactionSpans.Start(batch, (BulkInsertMethod)Volatile.Read(ref _method));
        var started = Stopwatch.GetTimestamp();
        var backoff = _options.RetryInitialBackoff;
        var retried = false;
        var attempts = 0;
        // Rounds that committed on their own in an earlier attempt, which then failed: they left the batch, yet the
        // transaction span reports them with the rest.
        var earlier = default(CommittedTally);
        try
        {
            while (batch.Count > 0)
            {
                attempts++;
                batch.RemoveAll(p => p.IsAbandoned);
                if (batch.Count == 0)
                {
                    break;
                }

                var inserted = new int[batch.Count];
                // Messages at the head of the batch that committed on their own (round by round); their callers know.
                var committed = 0;
                var current = -1;
                var kept = false;
                try
                {
                    try
                    {
                        var db = await connection.OpenAsync(_stopping.Token);
                        kept = connection.LastOpenWasKept;
                        var insert = await InsertOptionsAsync(db);
                        var together = batch.Count > 1;
                        if (!await TryCommitTogetherAsync(connection, db, batch, insert, inserted))
                        {
                            if (together)
                            {
                                TransactionSpans.MessageByMessage(span, batch.Count);
                            }

                            // The same connection, unless the attempt together left it broken and gave it back. Each
                            // message is a transaction of its own, begun by its insert (WriterConnection): it holds no
                            // other message's rows while it waits for a lock (MessageByMessage), and its caller hears
                            // at once that it is durable. A failure rolls back only the message it struck, when the
                            // connection is discarded below; the messages committed before it leave the batch there.
                            for (current = 0; current < batch.Count; current++)
                            {
                                // Opened for every message: the connection must know that a transaction may be open
                                // again, or a failure would give it back to the pool with this message's rows locked.
                                db = await connection.OpenAsync(_stopping.Token);
                                kept &= connection.LastOpenWasKept;
                                var rows = batch[current].Rows;
                                inserted[current] = await db.BulkInsertAsync(rows, together ? MessageByMessage(insert, rows) : insert, _stopping.Token);
                                await connection.CommitAsync(_stopping.Token);
                                batch[current].Succeed(inserted[current], _time.GetUtcNow());
                                committed++;
                            }

                            current = -1;
                        }
                    }
                    catch
                    {
                        try
                        {
                            earlier += RemoveCommitted(batch, inserted, committed);
                            current -= committed;
                        }
                        finally
                        {
                            await connection.DiscardAsync();
                        }

                        throw;
                    }
                }
                catch (Exception ex) when (current >= 0 && RowRejection(ex) is { } number)
                {
                    // The server refused these rows for good: only their caller fails; the others go again without it
                    // (the transaction was rolled back, so nothing of the refused rows, altered or not, remains).
                    var refused = batch[current];
                    LogRejected(number, refused.Rows.Length);
                    TransactionSpans.Refused(span, number, refused.Rows.Length);
                    _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), DbInsertResult.Error, failed: refused.Rows.Length);
                    refused.Fail(new StorageRejectedException($"MySQL refused the rows: error {number}.", ex));
                    batch.RemoveAt(current);
                    continue;
                }
                catch (Exception caught) when (kept && caught.IsConnectionLost() && caught.FindMySqlException()?.Kind() != MySqlErrorKind.Timeout)
                {
                    // The kept connection died while it waited (the server's wait_timeout, a restart, a failover). The pool
                    // would have noticed when handing it out; here the next attempt starts at once on a fresh one.
                    _metrics.RecordDbRetry(DbRetryReason.Other);
                    TransactionSpans.Retrying(span, caught.FindMySqlException()?.Number ?? 0, MySqlErrorKind.ConnectionLost);
                    LogKeptConnectionLost(caught.GetType().Name);
                    retried = true;
                    continue;
                }
                catch (Exception caught) when (IsLoadDataRefused(caught) && Interlocked.Exchange(ref _method, (int)BulkInsertMethod.MultiRowInsert) != (int)BulkInsertMethod.MultiRowInsert)
                {
                    // The server does not allow LOAD DATA LOCAL (MySQL 8's default: local_infile=OFF). Multi-row
                    // statements store the same rows with the same guarantees, only more slowly: switch once and go on.
                    LogLoadDataRefused(caught.FindMySqlException()!.Number);
                    continue;
                }
                catch (Exception caught) when (caught.IsRetryable(out var number, out var kind))
                {
                    // Lost connections (a failed send included), deadlocks, timeouts, but also a read-only or
                    // misconfigured server: nothing wrong with the rows, so the batch is retried; each message gives up
                    // when its own budget is spent.
                    _metrics.RecordDbRetry(DbRetryReasons.Of(kind));
                    TransactionSpans.Retrying(span, number, kind);
                    ExpireSpent(batch, _time.GetUtcNow() + backoff, started, caught.FindMySqlException() ?? caught, number, kind);
                    if (batch.Count == 0)
                    {
                        TransactionSpans.Failed(span, "db_unavailable", attempts, earlier);
                        return;
                    }

                    LogTransient(number, kind, backoff.TotalMilliseconds, batch.Count);
                    retried = true;
                    await Task.Delay(backoff, _time, _stopping.Token);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RetryMaxBackoff.Ticks));
                    continue;
                }
                catch (Exception ex) when (!_stopping.IsCancellationRequested)
                {
                    LogUnexpected(ex, batch.Count);
                    FailAll(batch, started, new StorageUnavailableException("Writing rows failed unexpectedly: " + ex.GetType().Name, ex));
                    TransactionSpans.Failed(span, ex.GetType().Name, attempts, earlier);
                    return;
                }

                var committedAt = _time.GetUtcNow();
                var stored = CommittedTally.Of(batch, inserted, batch.Count);
                _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), retried ? DbInsertResult.RetryOk : DbInsertResult.Ok,
                    inserted: stored.Inserted, ignored: stored.Ignored);
                TransactionSpans.Committed(span, earlier + stored, attempts);
                for (var i = committed; i < batch.Count; i++)
                {
                    batch[i].Succeed(inserted[i], committedAt);
                }

                return;
            }

            // The last records were refused or abandoned: the span says what the transaction stored before that.
            TransactionSpans.Committed(span, earlier, attempts);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the records are not acknowledged and come again; the span must not read as a success.
            TransactionSpans.Failed(span, "canceled", attempts, earlier);
            throw;
        }
    }

    /// <summary>
    /// Inserts the rows of every message of the batch with as few statements as the limits allow, in one transaction
    /// that it commits: this is what makes sharing a transaction pay. When every row was new, each message's count is
    /// its row count and this returns true. Otherwise (redelivered rows, or a row the server refuses) the transaction is
    /// rolled back and this returns false, so the caller inserts message by message, each in a transaction of its own,
    /// which tells each its own count or its own error. Rolling the whole transaction back instead of to a savepoint
    /// spares the usual case the savepoint's round trip, which cost about 10 ms with the recorder and MariaDB sharing
    /// two busy cores.
    /// </summary>
    private async Task<bool> TryCommitTogetherAsync(
        WriterConnection connection, RecorderDbContext db, List<PendingWrite> batch, BulkInsertOptions insert, int[] inserted)
    {
        if (batch.Count < 2)
        {
            return false;
        }

        var rows = new ConversationRecord[batch.Sum(p => p.Rows.Length)];
        var offset = 0;
        foreach (var pending in batch)
        {
            pending.Rows.CopyTo(rows, offset);
            offset += pending.Rows.Length;
        }

        // The transaction begins with the insert (WriterConnection).
        try
        {
            if (await db.BulkInsertAsync(rows, insert, _stopping.Token) == rows.Length)
            {
                await connection.CommitAsync(_stopping.Token);
                for (var i = 0; i < batch.Count; i++)
                {
                    inserted[i] = batch[i].Rows.Length;
                }

                return true;
            }
        }
        catch (Exception ex) when (RowRejection(ex) is not null)
        {
            // Whose rows they were is found out message by message.
        }

        // A load refused after it had started leaves the session failed (LoadDataInsert), and a server may close the
        // connection after refusing a statement (a packet too large); either way it cannot roll back, and giving the
        // connection up ends its transaction on the server instead.
        var broken = db.Database.GetDbConnection().State != System.Data.ConnectionState.Open;
        if (!broken)
        {
            try
            {
                await connection.RollbackAsync(_stopping.Token);
            }
            catch (Exception) when (!_stopping.IsCancellationRequested)
            {
                broken = true;
            }
        }

        if (broken)
        {
            await connection.DiscardAsync();
        }

        return false;
    }

    /// <summary>
    /// Takes the <paramref name="committed"/> messages at the head of <paramref name="batch"/>, which committed on their
    /// own before an attempt failed (their callers were told), out of the batch and counts their rows, so that the
    /// attempt's error and any retry concern only the messages after them.
    /// </summary>
    private CommittedTally RemoveCommitted(List<PendingWrite> batch, int[] inserted, int committed)
    {
        var tally = CommittedTally.Of(batch, inserted, committed);
        _metrics.AddDbRows(inserted: tally.Inserted, ignored: tally.Ignored);
        batch.RemoveRange(0, committed);
        return tally;
    }

    /// <summary>
    /// How a batch goes message by message: as multi-row <c>INSERT</c>s even where the batch itself is loaded with
    /// <c>LOAD DATA</c>, except for large rounds. InnoDB (<c>innodb_autoinc_lock_mode=1</c>, MariaDB's default) holds
    /// its table-wide AUTO-INC lock for a whole <c>LOAD DATA</c>, but for an <c>INSERT</c> of a known number of rows
    /// only while it hands out the ids (unless another statement holds the lock, which it then waits for). A
    /// transaction of hundreds of loads, each taking that lock while the transaction's earlier rows stay locked,
    /// deadlocked with the other writers' loads again and again (error 1213 or, when the wait was for the AUTO-INC
    /// lock, 1467): two writers behind on a backlog that held rounds already stored retried such batches for minutes.
    /// Each message now also commits on its own, so no transaction holds one message's rows while another message's
    /// statement waits for that lock, and that cycle between rounds is gone. A round that needs more than one statement
    /// (more rows than InsertChunkRows, text beyond max_allowed_packet, a large round in several loads) still holds its
    /// first statement's rows while the next waits, so a deadlock remains possible there; it is retried like any other.
    /// Large rounds keep <c>LOAD DATA</c>: as one statement a 5 MiB text is copied whole into the driver's buffers
    /// (LoadDataRowStream).
    /// </summary>
    private static BulkInsertOptions MessageByMessage(BulkInsertOptions batch, ConversationRecord[] rows) =>
        batch.Method == BulkInsertMethod.LoadData && !IsLarge(rows) ? batch with { Method = BulkInsertMethod.MultiRowInsert } : batch;

    /// <summary>Whether a round's text as UTF-16 reaches the size of the consumer's large records (the large object heap's).</summary>
    private static bool IsLarge(ConversationRecord[] rows)
    {
        const long LargeTextChars = InFlightBudget.LargeMessageBytes / sizeof(char);
        long chars = 0;
        foreach (var row in rows)
        {
            chars += row.Content.Length;
        }

        return chars >= LargeTextChars;
    }

    // 1148: command not allowed with this version; 3948: loading local data is disabled (MySQL 8); 4166: the
    // local infile capability is disabled (MariaDB).
    private static bool IsLoadDataRefused(Exception exception) =>
        exception.FindMySqlException()?.Number is 1148 or 3948 or 4166;

    /// <summary>The error number when <paramref name="exception"/> says the rows themselves were refused.</summary>
    private static int? RowRejection(Exception exception) => exception switch
    {
        _ when exception.FindMySqlException() is { } mysql && mysql.Kind() == MySqlErrorKind.RowRejected => mysql.Number,
        BulkInsertRowException bulk => bulk.Number,
        _ => null,
    };

    private async Task<BulkInsertOptions> InsertOptionsAsync(RecorderDbContext db)
    {
        var maxPacket = Interlocked.Read(ref _maxPacketBytes);
        if (maxPacket <= 0)
        {
            await db.Database.OpenConnectionAsync(_stopping.Token);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "SELECT @@max_allowed_packet";
            maxPacket = Convert.ToInt64(await command.ExecuteScalarAsync(_stopping.Token), CultureInfo.InvariantCulture);
            Interlocked.Exchange(ref _maxPacketBytes, maxPacket);
        }

        return new BulkInsertOptions((BulkInsertMethod)Volatile.Read(ref _method), _options.InsertChunkRows, maxPacket, WarningLimitRaised: true);
    }

    /// <summary>Fails the messages whose retry budget ends before the next attempt; the rest stay in the batch.</summary>
    private void ExpireSpent(List<PendingWrite> batch, DateTimeOffset nextAttempt, long started, Exception last, int number, MySqlErrorKind kind)
    {
        var spent = batch.Where(p => p.Deadline < nextAttempt).ToList();
        if (spent.Count == 0)
        {
            return;
        }

        batch.RemoveAll(spent.Contains);
        LogGaveUp(spent.Count, spent.Sum(p => p.Rows.Length), _options.RetryBudget.TotalSeconds);
        FailAll(spent, started, new StorageUnavailableException(
            $"MySQL stayed unavailable for the whole retry budget of {_options.RetryBudget.TotalSeconds:0.#} s; last error {number} ({kind}, {last.GetType().Name}).", last));
    }

    private void FailAll(List<PendingWrite> batch, long started, Exception exception)
    {
        var rows = batch.Sum(p => p.Rows.Length);
        _metrics.ObserveDbInsert(Stopwatch.GetElapsedTime(started), DbInsertResult.Error, failed: rows);
        foreach (var pending in batch)
        {
            pending.Fail(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "MySQL transient error {Number} ({Kind}); retrying {Messages} message(s) in {DelayMs} ms")]
    private partial void LogTransient(int number, MySqlErrorKind kind, double delayMs, int messages);

    [LoggerMessage(Level = LogLevel.Information, Message = "The writer's kept MySQL connection was gone ({Error}); writing on a new one")]
    private partial void LogKeptConnectionLost(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "MySQL refused {Rows} row(s) of one message with error {Number}; that message fails, the others are retried")]
    private partial void LogRejected(int number, int rows);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MySQL refused LOAD DATA LOCAL (error {Number}); writing with multi-row INSERT from now on. Set local_infile=ON on the server, or Persistence:InsertMethod=MultiRowInsert, to silence this")]
    private partial void LogLoadDataRefused(int number);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Messages} message(s) failed unexpectedly; they are reported as unstorable")]
    private partial void LogUnexpected(Exception exception, int messages);

    [LoggerMessage(Level = LogLevel.Error, Message = "MySQL unavailable beyond the retry budget of {Seconds} s: {Messages} message(s), {Rows} row(s) not stored")]
    private partial void LogGaveUp(int messages, int rows, double seconds);
}

using System.Reflection;
using System.Net;
using MySqlConnector;
using Recorder.Application.Common.Exceptions;
using Recorder.Application.Common.Interfaces;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Observability.Tracing;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.Infrastructure.Persistence.Errors;
using Recorder.Infrastructure.Persistence.Records;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Persistence;

/// <summary>The record writer as the host registers it, against MariaDB, with both bulk insert methods.</summary>
[Collection(RecordsTableCollection.Name)]
public sealed class RecordWriterTests : IAsyncLifetime
{
    private static readonly DateTime Occurred = new(2026, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();
    private readonly List<RecorderServices> _services = [];

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        await DatabaseReset.ResetAsync(_database);
    }

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData(BulkInsertMethod.MultiRowInsert)]
    [InlineData(BulkInsertMethod.LoadData)]
    public async Task Concurrent_messages_share_transactions_and_each_learns_its_own_counts(BulkInsertMethod method)
    {
        var (services, writer) = Writer(method);
        var messages = Enumerable.Range(0, 300).Select(i => Rows($"user-{i % 7}", $"m{i}", 5)).ToList();

        var before = DateTimeOffset.UtcNow;
        var first = await Task.WhenAll(messages.Select(m => writer.WriteAsync(m, CancellationToken.None)));
        var afterFirst = DateTimeOffset.UtcNow;
        var again = await Task.WhenAll(messages.Select(m => writer.WriteAsync(m, CancellationToken.None)));

        Assert.All(first, r => Assert.Equal((5, 0), (r.Inserted, r.Ignored)));
        // Each message learns when its transaction committed; messages that shared one share the instant.
        Assert.All(first, r => Assert.InRange(r.DurableAt!.Value, before, afterFirst));
        Assert.True(first.Select(r => r.DurableAt).Distinct().Count() < first.Length);
        Assert.All(again, r => Assert.Equal((0, 5), (r.Inserted, r.Ignored)));
        Assert.Equal(1_500, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
        Assert.Equal(1_500, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records WHERE MICROSECOND(occurred) = 123000"));
        // 600 messages in far fewer transactions: concurrent messages shared their commits.
        var transactions = MetricsText.Require(await services.ScrapeMetricsAsync(), "qywx_recorder_db_insert_batches_total{result=\"ok\"}");
        Assert.InRange(transactions, 2, 599);
    }

    [Theory]
    [InlineData(BulkInsertMethod.MultiRowInsert)]
    [InlineData(BulkInsertMethod.LoadData)]
    public async Task Hostile_text_is_stored_byte_for_byte_with_milliseconds_in_utc(BulkInsertMethod method)
    {
        var (_, writer) = Writer(method);
        string[] texts =
        [
            "it's \"quoted\" and back\\slashed \\' \\\\",
            "'); DROP TABLE conversation_records; --",
            "nul\0inside and at the end\0",
            "tab\there, newline\nhere, return\r\nhere, ctrl-z \u001a",
            "emoji 😀👍🏽 and CJK 你好 and combining e\u0301",
            "?, @p0, :name, $1 and {0} are not placeholders",
            "\\N is not NULL",
            new string('长', 5 * 1024 * 1024 / 3) + "end",
        ];
        var rows = texts.Select((t, i) => new ConversationRecord($"hostile-{i}", RecordSource.User, t, Occurred)).ToArray();

        var result = await writer.WriteAsync(rows, CancellationToken.None);

        Assert.Equal(texts.Length, result.Inserted);
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new MySqlCommand("SELECT user_id, content, occurred FROM conversation_records ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal($"hostile-{i}", reader.GetString(0));
            Assert.True(texts[i] == reader.GetString(1), $"text {i} changed on its way through the database");
            Assert.Equal(Occurred, DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc));
        }

        Assert.False(await reader.ReadAsync());
    }

    [Theory]
    [InlineData(BulkInsertMethod.MultiRowInsert)]
    [InlineData(BulkInsertMethod.LoadData)]
    public async Task Rows_the_server_refuses_fail_only_their_own_message_and_nothing_truncated_is_stored(BulkInsertMethod method)
    {
        // A column narrower than the domain allows makes the server refuse one message's rows for good.
        await TestDatabase.ExecuteAsync(_database, "ALTER TABLE conversation_records MODIFY user_id VARCHAR(8) NOT NULL");
        try
        {
            var (_, writer) = Writer(method);
            // Duplicates first, so a LOAD DATA's data warning comes after more than the default 64 warnings.
            await writer.WriteAsync(Rows("short", "dup", 100), CancellationToken.None);
            var good = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(Rows("short", $"g{i}", 2), CancellationToken.None)).ToList();
            var refused = writer.WriteAsync([.. Rows("short", "dup", 100), .. Rows("a-much-longer-user-id", "bad", 2)], CancellationToken.None);

            var error = await Assert.ThrowsAsync<StorageRejectedException>(() => refused);
            var results = await Task.WhenAll(good);

            Assert.Matches("error (1406|1265)", error.Message);
            Assert.All(results, r => Assert.Equal(2, r.Inserted));
            Assert.Equal(0, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records WHERE content LIKE 'bad-%'"));
            Assert.Equal(140, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
        }
        finally
        {
            await DatabaseReset.DropRecordsTableAsync(_database);
            await RecorderServices.MigrateAsync();
        }
    }

    [Theory]
    [InlineData(BulkInsertMethod.MultiRowInsert)]
    [InlineData(BulkInsertMethod.LoadData)]
    public async Task Text_without_a_utf8_form_fails_only_its_own_message_and_nothing_replaced_is_stored(BulkInsertMethod method)
    {
        // The domain refuses such text; this is the storage layer's own guard behind it, so the record is forced.
        var broken = Rows("broken", "b", 2);
        typeof(ConversationRecord).GetField("<Content>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!
            .SetValue(broken[1], "lone \uD83D surrogate");
        var (_, writer) = Writer(method);

        var good = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(Rows("fine", $"g{i}", 2), CancellationToken.None)).ToList();
        var refused = writer.WriteAsync(broken, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageRejectedException>(() => refused);
        var results = await Task.WhenAll(good);

        Assert.Contains("1366", error.Message, StringComparison.Ordinal);
        Assert.All(results, r => Assert.Equal(2, r.Inserted));
        Assert.Equal(0, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records WHERE user_id = 'broken'"));
        Assert.Equal(40, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(0)] // the refused round comes last, so every round leaves its batch before the transaction ends
    public async Task A_round_refused_while_its_batch_goes_round_by_round_fails_alone_after_the_rounds_before_it_committed(int afterRounds)
    {
        var broken = Rows("broken", "b", 2);
        typeof(ConversationRecord).GetField("<Content>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!
            .SetValue(broken[1], "lone \uD83D surrogate");
        // One writer, so that the rounds sent together share its batches; the collection runs alone, so the server's
        // statement counters are this test's.
        var (services, writer) = Writer(BulkInsertMethod.LoadData, writers: 1);
        var insertsBefore = await StatementCountAsync("Com_insert");
        var commitsBefore = await StatementCountAsync("Com_commit");
        await using var spans = ExportedSpans.Start();

        var before = Enumerable.Range(0, 20).Select(i => writer.WriteAsync(Rows($"fine-{i}", "g", 2), CancellationToken.None)).ToList();
        var refused = writer.WriteAsync(broken, CancellationToken.None);
        var after = Enumerable.Range(20, afterRounds).Select(i => writer.WriteAsync(Rows($"fine-{i}", "g", 2), CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<StorageRejectedException>(() => refused);
        var results = await Task.WhenAll(before.Concat(after));
        Assert.All(results, r => Assert.Equal((2, 0), (r.Inserted, r.Ignored)));
        var stored = 20 + afterRounds;
        Assert.Equal(2 * stored, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
        // The rounds that went round by round before the refused one (as INSERTs) each committed on its own, so the
        // refusal rolled back only its own round; each round's rows are counted once.
        var inserts = await StatementCountAsync("Com_insert") - insertsBefore;
        var commits = await StatementCountAsync("Com_commit") - commitsBefore;
        Assert.True(inserts > 0, "the batch went round by round");
        Assert.True(commits >= inserts, $"{commits} commits for {inserts} inserts");
        var text = await services.ScrapeMetricsAsync();
        Assert.Equal(2 * stored, MetricsText.Require(text, "qywx_recorder_db_insert_rows_total{result=\"inserted\"}"));
        Assert.Equal(0, MetricsText.Require(text, "qywx_recorder_db_insert_rows_total{result=\"ignored\"}"));
        Assert.Equal(2, MetricsText.Require(text, "qywx_recorder_db_insert_rows_total{result=\"error\"}"));
        // The transaction spans say the same: the rounds that committed on their own before the refusal are counted
        // in their transaction's span although they left its batch, which says that it went message by message.
        var transactions = (await spans.WaitForAsync(
                s => s.Where(a => a.OperationName == TransactionSpans.Name).Sum(a => (int?)a.GetTagItem(SpanAttributes.RowsInserted) ?? 0) >= 2 * stored,
                TimeSpan.FromSeconds(10),
                $"{2 * stored} rows inserted by the transaction spans"))
            .Where(a => a.OperationName == TransactionSpans.Name)
            .ToList();
        Assert.Equal(2 * stored, transactions.Sum(a => (int?)a.GetTagItem(SpanAttributes.RowsInserted) ?? 0));
        Assert.Equal(stored, transactions.Sum(a => (int?)a.GetTagItem(SpanAttributes.DbRecords) ?? 0));
        // The refused round's batch held other rounds, so its span says that they went one by one, and the refusal.
        Assert.Contains(transactions, a =>
            a.Events.Any(e => e.Name == TransactionSpans.MessageByMessageEvent && (int?)e.Tags.FirstOrDefault(t => t.Key == SpanAttributes.DbRecords).Value > 1)
            && a.Events.Any(e => e.Name == TransactionSpans.RefusedEvent));
    }

    [Fact]
    public async Task A_database_that_stays_away_beyond_the_budget_is_reported_as_unavailable()
    {
        await using var proxy = new TcpOutageProxy(new IPEndPoint(IPAddress.Loopback, 3306));
        proxy.Cut();
        var away = TestDatabase.With(b =>
        {
            b.Port = (uint)proxy.Port;
            b.ConnectionTimeout = 1;
        });
        var (services, writer) = Writer(BulkInsertMethod.MultiRowInsert, budget: TimeSpan.FromSeconds(2), connectionString: away);

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.WriteAsync(Rows("u", "x", 1), CancellationToken.None));

        Assert.True(error.Message.Contains("retry budget", StringComparison.Ordinal), error.ToString());
        var text = await services.ScrapeMetricsAsync();
        Assert.True(MetricsText.Require(text, "qywx_recorder_db_retry_total{reason=\"other\"}") >= 2);
        Assert.Equal(1, MetricsText.Require(text, "qywx_recorder_db_insert_rows_total{result=\"error\"}"));
    }

    [Fact]
    public async Task A_writer_keeps_its_connection_and_replaces_it_when_the_server_kills_it_without_losing_a_write()
    {
        // One writer, so that the next write goes through the connection that is killed.
        var (services, writer) = Writer(BulkInsertMethod.MultiRowInsert, writers: 1);
        await writer.WriteAsync(Rows("before", "k", 4), CancellationToken.None);
        // The write is finished, yet its writer still holds the connection for the next transaction.
        Assert.True(MetricsText.Require(await services.ScrapeMetricsAsync(), "qywx_recorder_db_pool_in_use") >= 1);

        // Nothing else runs beside this collection, so every other session of the test database is the writer's or an
        // idle pooled one.
        await using (var killer = await _database.OpenConnectionAsync())
        {
            var sessions = new List<long>();
            await using (var list = new MySqlCommand(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1) AND ID <> CONNECTION_ID()", killer))
            await using (var reader = await list.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    sessions.Add(reader.GetInt64(0));
                }
            }

            Assert.NotEmpty(sessions);
            foreach (var id in sessions)
            {
                await using var kill = new MySqlCommand($"KILL CONNECTION {id}", killer);
                await kill.ExecuteNonQueryAsync();
            }
        }

        var after = await writer.WriteAsync(Rows("after", "k", 4), CancellationToken.None);

        Assert.Equal(4, after.Inserted);
        Assert.Equal(8, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
        // The kept connection was found dead and replaced: one retry, and the transaction counted as retried.
        var text = await services.ScrapeMetricsAsync();
        Assert.Equal(1, MetricsText.Require(text, "qywx_recorder_db_retry_total{reason=\"other\"}"));
        Assert.Equal(1, MetricsText.Require(text, "qywx_recorder_db_insert_batches_total{result=\"retry_ok\"}"));
    }

    [Fact]
    public async Task An_exhausted_pool_is_a_clear_timeout_and_writes_resume_once_a_connection_is_free()
    {
        var small = TestDatabase.With(b =>
        {
            b.MaximumPoolSize = 1;
            b.ConnectionTimeout = 1;
        });
        var (services, writer) = Writer(BulkInsertMethod.MultiRowInsert, budget: TimeSpan.FromSeconds(2), connectionString: small);
        var pool = services.Get<MySqlDataSource>();

        StorageUnavailableException error;
        await using (await pool.OpenConnectionAsync())
        {
            error = await Assert.ThrowsAsync<StorageUnavailableException>(() => writer.WriteAsync(Rows("u", "p", 1), CancellationToken.None));
        }

        var mysql = Assert.IsType<MySqlException>(error.InnerException);
        Assert.Contains("pooled connections are in use", mysql.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, (await writer.WriteAsync(Rows("u", "p", 1), CancellationToken.None)).Inserted);
    }

    [Theory]
    [InlineData(BulkInsertMethod.MultiRowInsert)]
    [InlineData(BulkInsertMethod.LoadData)]
    public async Task A_statement_the_server_holds_up_times_out_and_is_retried_rather_than_waited_on_for_ever(BulkInsertMethod method)
    {
        var patient = TestDatabase.With(b => b.DefaultCommandTimeout = 1);
        var (services, writer) = Writer(method, connectionString: patient, writers: 1);
        await writer.WriteAsync(Rows("before", "b", 2), CancellationToken.None);

        Task<RecordWriteResult> held;
        await using (var locker = await _database.OpenConnectionAsync())
        {
            await using (var lockTable = TestDatabase.Command(locker, "LOCK TABLES conversation_records WRITE"))
            {
                await lockTable.ExecuteNonQueryAsync();
            }

            held = writer.WriteAsync(Rows("held", "h", 4), CancellationToken.None);
            // Longer than the statement timeout, so the held statement has timed out at least once meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            Assert.False(held.IsCompleted);
            await using var unlock = TestDatabase.Command(locker, "UNLOCK TABLES");
            await unlock.ExecuteNonQueryAsync();
        }

        Assert.Equal(4, (await held.WaitAsync(TimeSpan.FromSeconds(30))).Inserted);
        Assert.True(MetricsText.Require(await services.ScrapeMetricsAsync(), "qywx_recorder_db_retry_total{reason=\"timeout\"}") >= 1);
    }

    [Fact]
    public async Task Server_errors_are_classified_as_the_writer_retries_them()
    {
        await using var table = await TestDatabase.CreateScratchTableAsync(_database, "id INT PRIMARY KEY, v INT NOT NULL");
        await TestDatabase.ExecuteAsync(_database, $"INSERT INTO {table.Sql} VALUES (1, 0), (2, 0)");
        await using var a = await _database.OpenConnectionAsync();
        await using var b = await _database.OpenConnectionAsync();
        await using var transactionA = await a.BeginTransactionAsync();
        await using var transactionB = await b.BeginTransactionAsync();
        await LockRowAsync(transactionA, table, 1);
        await LockRowAsync(transactionB, table, 2);

        var aWaitsForB = LockRowAsync(transactionA, table, 2);
        await Task.Delay(200);
        var bWaitsForA = LockRowAsync(transactionB, table, 1);
        var outcomes = await Task.WhenAll(Outcome(aWaitsForB), Outcome(bWaitsForA));

        var deadlock = Assert.Single(outcomes, e => e is not null);
        Assert.Equal(MySqlErrorKind.Deadlock, deadlock!.Kind());

        await using var command = new MySqlCommand("SELECT SLEEP(5)", a, transactionA) { CommandTimeout = 1 };
        var timeout = await Assert.ThrowsAsync<MySqlException>(() => command.ExecuteScalarAsync());
        Assert.Equal(MySqlErrorKind.Timeout, timeout.Kind());
    }

    [Fact]
    public async Task A_server_that_refuses_load_data_local_is_written_with_multi_row_statements()
    {
        await MariaDbServer.ExecuteAsRootAsync("SET GLOBAL local_infile = OFF");
        try
        {
            var (services, writer) = Writer(BulkInsertMethod.LoadData);

            var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => writer.WriteAsync(Rows("strict", $"l{i}", 3), CancellationToken.None)));

            Assert.All(results, r => Assert.Equal(3, r.Inserted));
            Assert.Equal(30, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
            Assert.Equal(0, MetricsText.Require(await services.ScrapeMetricsAsync(), "qywx_recorder_db_insert_rows_total{result=\"error\"}"));
        }
        finally
        {
            await MariaDbServer.ExecuteAsRootAsync("SET GLOBAL local_infile = ON");
        }
    }

    [Fact]
    public async Task The_service_reaches_the_server_through_the_unix_socket()
    {
        var (_, writer) = Writer(BulkInsertMethod.MultiRowInsert, connectionString: TestDatabase.SocketConnectionString);

        var result = await writer.WriteAsync(Rows("socket", "s", 2), CancellationToken.None);

        Assert.Equal(2, result.Inserted);
    }

    [Fact]
    public async Task A_batch_with_a_round_already_stored_goes_message_by_message_as_inserts_each_committed_on_its_own()
    {
        // One writer, so that rounds sent together share its batches; the collection runs alone, so the server's
        // statement counters are this test's.
        var (_, writer) = Writer(BulkInsertMethod.LoadData, writers: 1);
        var stored = Enumerable.Range(0, 20).Select(i => Rows($"user-{i}", "stored", 2)).ToList();
        await Task.WhenAll(stored.Select(m => writer.WriteAsync(m, CancellationToken.None)));
        var fresh = Enumerable.Range(0, 20).Select(i => Rows($"user-{i}", "fresh", 2)).ToList();
        var loadsBefore = await StatementCountAsync("Com_load");
        var insertsBefore = await StatementCountAsync("Com_insert");
        var commitsBefore = await StatementCountAsync("Com_commit");

        var mixed = stored.Zip(fresh, (again, first) => new[] { again, first }).SelectMany(pair => pair).ToList();
        var results = await Task.WhenAll(mixed.Select(m => writer.WriteAsync(m, CancellationToken.None)));

        Assert.Equal(
            mixed.Select((_, i) => i % 2 == 0 ? (0, 2) : (2, 0)),
            results.Select(r => (r.Inserted, r.Ignored)));
        Assert.Equal(80, await TestDatabase.CountAsync(_database, "SELECT COUNT(*) FROM conversation_records"));
        // A batch holding a stored round is rolled back and written again message by message. As LOAD DATA, each
        // message would take the table's AUTO-INC lock while the transaction held the rows before it, which
        // deadlocked with the other writers' loads; as INSERTs of known size they take it only for their ids.
        var loads = await StatementCountAsync("Com_load") - loadsBefore;
        var inserts = await StatementCountAsync("Com_insert") - insertsBefore;
        Assert.True(inserts > 0, "the rounds were written again message by message");
        Assert.True(loads + inserts >= mixed.Count / 2, $"{loads} loads and {inserts} inserts");
        // Each of them in a transaction of its own: none holds another round's rows while its statement waits.
        var commits = await StatementCountAsync("Com_commit") - commitsBefore;
        Assert.True(commits >= inserts, $"{commits} commits for {inserts} inserts");
    }

    private async Task<long> StatementCountAsync(string counter) =>
        Convert.ToInt64(
            await TestDatabase.ScalarAsync(_database, "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = @name", ("@name", counter.ToUpperInvariant())),
            System.Globalization.CultureInfo.InvariantCulture);

    private (RecorderServices Services, ConversationRecordWriter Writer) Writer(
        BulkInsertMethod method, TimeSpan? budget = null, string? connectionString = null, int writers = 4)
    {
        var services = RecorderServices.Create(connectionString, new Dictionary<string, string?>
        {
            ["Persistence:InsertMethod"] = method.ToString(),
            ["Persistence:Writers"] = writers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Persistence:RetryBudget"] = (budget ?? TimeSpan.FromSeconds(30)).ToString(),
            ["Persistence:RetryInitialBackoff"] = "00:00:00.050",
        });
        _services.Add(services);
        return (services, services.Get<ConversationRecordWriter>());
    }

    private static ConversationRecord[] Rows(string user, string tag, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new ConversationRecord(user, i % 2 == 0 ? RecordSource.User : RecordSource.Ai, $"{tag}-{i} 内容 'x'", Occurred))
            .ToArray();

    private static async Task LockRowAsync(MySqlTransaction transaction, TestDatabase.ScratchTable table, int id)
    {
        await using var command = new MySqlCommand($"SELECT v FROM {table.Sql} WHERE id = @id FOR UPDATE", transaction.Connection, transaction);
        command.Parameters.AddWithValue("@id", id);
        await command.ExecuteScalarAsync();
    }

    private static async Task<MySqlException?> Outcome(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (MySqlException ex)
        {
            return ex;
        }
    }
}

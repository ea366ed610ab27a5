using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using Recorder.Infrastructure.Persistence;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.Infrastructure.Persistence.Connections;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Persistence;

/// <summary>
/// A LOAD DATA whose rows fail to encode after the driver started sending them: the caller learns the real cause,
/// not a server error without a number that it would retry, and nothing of the load is committed.
/// </summary>
public sealed class LoadDataFailureTests : IAsyncLifetime
{
    private const string Table = "load_data_failure_probe";
    private readonly MySqlPoolMeter _meter = new();
    private readonly MySqlDataSource _database;

    public LoadDataFailureTests() => _database = RecorderDataSource.Create(TestDatabase.ConnectionString, _meter);

    public async Task InitializeAsync()
    {
        await TestDatabase.ExecuteAsync(_database, $"DROP TABLE IF EXISTS {Table}");
        await TestDatabase.ExecuteAsync(_database, $"CREATE TABLE {Table} (id BIGINT AUTO_INCREMENT PRIMARY KEY, text VARCHAR(64) NOT NULL, at DATETIME(3) NOT NULL) CHARSET utf8mb4");
    }

    public async Task DisposeAsync()
    {
        await TestDatabase.ExecuteAsync(_database, $"DROP TABLE IF EXISTS {Table}");
        await _database.DisposeAsync();
        _meter.Dispose();
    }

    [Fact]
    public async Task A_value_the_stream_cannot_write_fails_with_its_own_exception_and_nothing_is_committed()
    {
        var options = new BulkInsertOptions(BulkInsertMethod.LoadData, 300, 64L << 20);
        var rows = new[]
        {
            new StampedText { Text = "fine", At = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc) },
            new StampedText { Text = "local", At = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local) },
        };

        await using (var db = new ProbeContext(_database))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();

            var error = await Assert.ThrowsAsync<NotSupportedException>(() => db.BulkInsertAsync(rows, options, CancellationToken.None));

            Assert.Contains("local DateTime", error.Message, StringComparison.Ordinal);
        }

        await using (var db = new ProbeContext(_database))
        {
            Assert.Equal(1, await db.BulkInsertAsync(rows[..1], options, CancellationToken.None));
        }

        Assert.Equal(["fine"], await TestDatabase.StringsAsync(_database, $"SELECT text FROM {Table} ORDER BY id"));
    }

    public sealed class StampedText
    {
        public long Id { get; set; }

        public string Text { get; set; } = string.Empty;

        public DateTime At { get; set; }
    }

    private sealed class ProbeContext(MySqlDataSource dataSource) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseMySql(dataSource, new PersistenceOptions().ParsedServerVersion());

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<StampedText>(e =>
            {
                e.ToTable(Table);
                e.Property(r => r.Text).HasColumnName("text");
                e.Property(r => r.At).HasColumnName("at");
            });
    }
}

using System.Collections.Concurrent;
using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// The entry point for one database: owns the bounded connection pool for its connection string and hands out
/// connections. Dispose it (asynchronously) to close the pooled connections. <see cref="ConnectionString"/> and
/// <see cref="ToString"/> mask the password.
/// </summary>
public sealed class MySqlDataSource : DbDataSource
{
    private static readonly ConcurrentDictionary<string, Lazy<MySqlDataSource>> Shared = new(StringComparer.Ordinal);

    private readonly string _connectionString;

    public MySqlDataSource(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        _connectionString = connectionString;
        Settings = MySqlConnectionSettings.Parse(connectionString);
        Pool = new MySqlConnectionPool(Settings);
    }

    /// <summary>The connection string with the password masked.</summary>
    public override string ConnectionString => Settings.MaskedConnectionString;

    /// <summary>Open/in-use/idle connections and the pool's wait totals, for the pool gauges.</summary>
    public MySqlPoolStatistics Statistics => Pool.GetStatistics();

    internal MySqlConnectionSettings Settings { get; }

    internal MySqlConnectionPool Pool { get; }

    /// <summary>The connection string as given, password included, for connections created from this source.</summary>
    internal string RawConnectionString => _connectionString;

    public new MySqlConnection CreateConnection() => new(this);

    public new MySqlConnection OpenConnection()
    {
        var connection = new MySqlConnection(this);
        connection.Open();
        return connection;
    }

    public new async ValueTask<MySqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new MySqlConnection(this);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override string ToString() => Settings.MaskedConnectionString;

    /// <summary>Disposes every process-wide data source created for connections built from a bare connection string.</summary>
    internal static async Task ClearSharedAsync()
    {
        foreach (var key in Shared.Keys)
        {
            if (Shared.TryRemove(key, out var source) && source.IsValueCreated)
            {
                await source.Value.DisposeAsync();
            }
        }
    }

    /// <summary>The process-wide data source for a connection string: connections built from a bare string share its pool.</summary>
    internal static MySqlDataSource GetShared(string connectionString) =>
        Shared.GetOrAdd(connectionString, static cs => new Lazy<MySqlDataSource>(() => new MySqlDataSource(cs))).Value;

    protected override DbConnection CreateDbConnection() => CreateConnection();

    protected override DbConnection OpenDbConnection() => OpenConnection();

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
        await OpenConnectionAsync(cancellationToken);

    protected override async ValueTask DisposeAsyncCore()
    {
        await Pool.DisposeAsync();
        await base.DisposeAsyncCore();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Closing connections is quick (COM_QUIT on each native thread); nothing here waits on the server.
            Pool.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}

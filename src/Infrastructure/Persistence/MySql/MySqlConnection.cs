using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// A logical connection: Open takes a physical connection from the pool of its <see cref="MySqlDataSource"/>, Close
/// gives it back (rolling back a transaction left open). Created from a bare connection string it uses a process-wide
/// data source per distinct string.
/// </summary>
public sealed class MySqlConnection : DbConnection
{
    private string _connectionString = string.Empty;
    private MySqlDataSource? _dataSource;
    private MySqlPhysicalConnection? _physical;
    private ConnectionState _state = ConnectionState.Closed;

    public MySqlConnection()
    {
    }

    public MySqlConnection(string? connectionString)
    {
        ConnectionString = connectionString;
    }

    internal MySqlConnection(MySqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _connectionString = dataSource.RawConnectionString;
    }

    [AllowNull]
    public override string ConnectionString
    {
        get => _connectionString;
        set
        {
            if (_state != ConnectionState.Closed)
            {
                throw new InvalidOperationException("The connection string cannot be changed while the connection is open.");
            }

            _connectionString = value ?? string.Empty;
            _dataSource = null;
        }
    }

    public override string Database => _physical?.CurrentDatabase ?? SettingsOrNull?.Database ?? string.Empty;

    public override string DataSource => SettingsOrNull?.Endpoint ?? string.Empty;

    public override string ServerVersion =>
        _physical?.ServerVersion ?? throw new InvalidOperationException("The connection is not open.");

    public override ConnectionState State => _state;

    public override int ConnectionTimeout => (int)(SettingsOrNull?.ConnectionTimeout.TotalSeconds ?? MySqlConnectionStringBuilder.DefaultConnectionTimeout);

    /// <summary>The server's id for this session (CONNECTION_ID()).</summary>
    public long ServerThreadId => (long)Physical.ServerThreadId;

    internal MySqlTransaction? CurrentTransaction { get; set; }

    internal MySqlPhysicalConnection Physical =>
        _physical ?? throw new InvalidOperationException("The connection is not open.");

    internal MySqlConnectionSettings Settings => ResolveDataSource().Settings;

    protected override DbProviderFactory DbProviderFactory => MySqlProviderFactory.Instance;

    private MySqlConnectionSettings? SettingsOrNull => _dataSource?.Settings
        ?? (_connectionString.Length > 0 ? ResolveDataSource().Settings : null);

    /// <summary>Disposes the process-wide data sources behind connections created from bare connection strings.</summary>
    public static Task ClearAllPoolsAsync() => MySqlDataSource.ClearSharedAsync();

    public override void Open() => OpenCoreAsync(false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task OpenAsync(CancellationToken cancellationToken) => OpenCoreAsync(true, cancellationToken).AsTask();

    public override void Close() => CloseCore(out _);

    public override async Task CloseAsync()
    {
        CloseCore(out var reset);
        await reset;
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    public new MySqlTransaction BeginTransaction() => BeginTransaction(IsolationLevel.Unspecified);

    public new MySqlTransaction BeginTransaction(IsolationLevel isolationLevel) =>
        BeginTransactionCoreAsync(isolationLevel, false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public new async ValueTask<MySqlTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        await BeginTransactionCoreAsync(IsolationLevel.Unspecified, true, cancellationToken);

    public new async ValueTask<MySqlTransaction> BeginTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken = default) =>
        await BeginTransactionCoreAsync(isolationLevel, true, cancellationToken);

    public override void ChangeDatabase(string databaseName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        Physical.ChangeDatabaseAsync(databaseName).GetAwaiter().GetResult();
    }

    public override async Task ChangeDatabaseAsync(string databaseName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        await Physical.ChangeDatabaseAsync(databaseName).WaitAsync(cancellationToken);
    }

    /// <summary>Checks the server is still there (mysql_ping); false when the connection is closed or broken.</summary>
    public bool Ping() => _physical is { } physical && physical.PingAsync().GetAwaiter().GetResult();

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default) =>
        _physical is { } physical && await physical.PingAsync().WaitAsync(cancellationToken);

    public new MySqlCommand CreateCommand() => new() { Connection = this };

    internal async ValueTask<ExecutionResult> ExecuteAsync(CommandRequest request, int timeoutSeconds, bool isAsync, CancellationToken cancellationToken) =>
        await Physical.ExecuteAsync(request, timeoutSeconds, isAsync, cancellationToken);

    protected override DbCommand CreateDbCommand() => CreateCommand();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => BeginTransaction(isolationLevel);

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await BeginTransactionCoreAsync(isolationLevel, true, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private MySqlDataSource ResolveDataSource()
    {
        if (_dataSource is not null)
        {
            return _dataSource;
        }

        if (_connectionString.Length == 0)
        {
            throw new InvalidOperationException("The ConnectionString property has not been initialized.");
        }

        _dataSource = MySqlDataSource.GetShared(_connectionString);
        return _dataSource;
    }

    private async ValueTask OpenCoreAsync(bool isAsync, CancellationToken cancellationToken)
    {
        if (_state != ConnectionState.Closed)
        {
            throw new InvalidOperationException("The connection is already open.");
        }

        var dataSource = ResolveDataSource();
        _state = ConnectionState.Connecting;
        try
        {
            _physical = await dataSource.Pool.RentAsync(isAsync, cancellationToken);
        }
        catch
        {
            _state = ConnectionState.Closed;
            throw;
        }

        _state = ConnectionState.Open;
        OnStateChange(new StateChangeEventArgs(ConnectionState.Closed, ConnectionState.Open));
    }

    private void CloseCore(out Task reset)
    {
        reset = Task.CompletedTask;
        var physical = _physical;
        if (physical is null)
        {
            return;
        }

        CurrentTransaction?.MarkCompleted();
        CurrentTransaction = null;
        _physical = null;
        _state = ConnectionState.Closed;
        reset = _dataSource!.Pool.ReturnAsync(physical);
        OnStateChange(new StateChangeEventArgs(ConnectionState.Open, ConnectionState.Closed));
    }

    private async ValueTask<MySqlTransaction> BeginTransactionCoreAsync(IsolationLevel isolationLevel, bool isAsync, CancellationToken cancellationToken)
    {
        var physical = Physical;
        if (CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already active on this connection; nested transactions are not supported.");
        }

        var level = isolationLevel switch
        {
            IsolationLevel.Unspecified => null,
            IsolationLevel.ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel.ReadCommitted => "READ COMMITTED",
            IsolationLevel.RepeatableRead => "REPEATABLE READ",
            IsolationLevel.Serializable => "SERIALIZABLE",
            _ => throw new NotSupportedException($"Isolation level {isolationLevel} is not supported by MySQL."),
        };

        // SET TRANSACTION applies to the next transaction only, so both statements go in one round trip.
        var sql = level is null ? "START TRANSACTION" : "SET TRANSACTION ISOLATION LEVEL " + level + "; START TRANSACTION";
        await physical.ExecuteAsync(CommandRequest.Text(sql), Settings.DefaultCommandTimeoutSeconds, isAsync, cancellationToken);
        CurrentTransaction = new MySqlTransaction(this, isolationLevel == IsolationLevel.Unspecified ? IsolationLevel.RepeatableRead : isolationLevel);
        return CurrentTransaction;
    }
}

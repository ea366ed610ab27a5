using System.Data;
using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>A transaction begun with START TRANSACTION; disposing it uncommitted rolls it back.</summary>
public sealed class MySqlTransaction : DbTransaction
{
    private readonly MySqlConnection _connection;
    private readonly IsolationLevel _isolationLevel;
    private bool _completed;

    internal MySqlTransaction(MySqlConnection connection, IsolationLevel isolationLevel)
    {
        _connection = connection;
        _isolationLevel = isolationLevel;
    }

    public new MySqlConnection? Connection => _completed ? null : _connection;

    public override IsolationLevel IsolationLevel => _isolationLevel;

    protected override DbConnection? DbConnection => Connection;

    public override void Commit() => FinishAsync("COMMIT", false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task CommitAsync(CancellationToken cancellationToken = default) => FinishAsync("COMMIT", true, cancellationToken).AsTask();

    public override void Rollback() => FinishAsync("ROLLBACK", false, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task RollbackAsync(CancellationToken cancellationToken = default) => FinishAsync("ROLLBACK", true, cancellationToken).AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (!_completed && _connection.State == ConnectionState.Open)
        {
            try
            {
                await FinishAsync("ROLLBACK", true, CancellationToken.None);
            }
            catch (MySqlException)
            {
                // A broken connection has lost the transaction anyway; the pool discards it.
            }
        }

        MarkCompleted();
        await base.DisposeAsync();
    }

    internal void MarkCompleted() => _completed = true;

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed && _connection.State == ConnectionState.Open)
        {
            try
            {
                Rollback();
            }
            catch (MySqlException)
            {
                // As in DisposeAsync.
            }
        }

        MarkCompleted();
        base.Dispose(disposing);
    }

    private async ValueTask FinishAsync(string sql, bool isAsync, CancellationToken cancellationToken)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The transaction has already been committed or rolled back.");
        }

        try
        {
            await _connection.ExecuteAsync(CommandRequest.Text(sql), _connection.Settings.DefaultCommandTimeoutSeconds, isAsync, cancellationToken);
        }
        finally
        {
            _completed = true;
            if (ReferenceEquals(_connection.CurrentTransaction, this))
            {
                _connection.CurrentTransaction = null;
            }
        }
    }
}

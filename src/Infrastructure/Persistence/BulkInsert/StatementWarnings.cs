using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// The warnings the driver raises on a connection (through <see cref="MySqlConnection.InfoMessage"/>) while the
/// insert methods run their statements; disposing it stops listening. One statement at a time: <see cref="Clear"/>
/// before it, <see cref="EnsureOnlyDuplicates"/> after it.
/// </summary>
internal sealed class StatementWarnings : IDisposable
{
    private readonly MySqlConnection _connection;
    private readonly List<MySqlErrorCode> _codes = [];

    public StatementWarnings(MySqlConnection connection)
    {
        _connection = connection;
        connection.InfoMessage += Collect;
    }

    public void Clear() => _codes.Clear();

    /// <summary>The check of <see cref="InsertWarnings.EnsureOnlyDuplicates"/> over the warnings since <see cref="Clear"/>.</summary>
    /// <exception cref="BulkInsertRowException">A warning other than a duplicate, or duplicates unaccounted for.</exception>
    public void EnsureOnlyDuplicates(int offered, int inserted) => InsertWarnings.EnsureOnlyDuplicates(_codes, offered, inserted);

    public void Dispose() => _connection.InfoMessage -= Collect;

    private void Collect(object sender, MySqlInfoMessageEventArgs e)
    {
        foreach (var error in e.Errors)
        {
            _codes.Add(error.ErrorCode);
        }
    }
}

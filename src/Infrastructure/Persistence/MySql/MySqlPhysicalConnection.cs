using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Recorder.Infrastructure.Persistence.MySql.Native;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// One Connector/C connection (MYSQL handle) and the dedicated thread that makes every native call on it. Callers
/// await tasks; nothing here blocks a thread-pool thread. A connection whose last call failed at the connection level
/// is marked broken and is never reused.
/// </summary>
internal sealed class MySqlPhysicalConnection : IAsyncDisposable
{
    private static int _lastId;

    private readonly NativeCallThread _thread;
    private nint _mysql;
    private volatile bool _broken;
    private int _networkCallInFlight;
    private int _disposed;

    private MySqlPhysicalConnection(MySqlConnectionSettings settings)
    {
        Settings = settings;
        Id = Interlocked.Increment(ref _lastId);
        _thread = new NativeCallThread("mysql-connection-" + Id.ToString(CultureInfo.InvariantCulture));
    }

    public int Id { get; }

    public MySqlConnectionSettings Settings { get; }

    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>The server's id for this session (CONNECTION_ID()), the target of KILL.</summary>
    public ulong ServerThreadId { get; private set; }

    public string CurrentDatabase { get; private set; } = string.Empty;

    /// <summary>The server reported an open transaction after the last call.</summary>
    public bool InTransaction { get; private set; }

    public bool IsBroken => _broken;

    /// <summary><see cref="Stopwatch"/> timestamp of the last return to the pool.</summary>
    public long IdleSince { get; set; } = Stopwatch.GetTimestamp();

    public static Task<MySqlPhysicalConnection> OpenAsync(MySqlConnectionSettings settings)
    {
        MariaDbLibrary.EnsureInitialized();
        var connection = new MySqlPhysicalConnection(settings);
        return connection._thread.Invoke(static c =>
        {
            try
            {
                c.ConnectOnThread();
                return c;
            }
            catch
            {
                c.CloseOnThread();
                c._thread.Dispose();
                throw;
            }
        }, connection);
    }

    /// <summary>Runs a command; a command timeout or cancellation kills the query on the server.</summary>
    public async ValueTask<ExecutionResult> ExecuteAsync(CommandRequest request, int timeoutSeconds, bool isAsync, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var work = _thread.Invoke(static s => s.Connection.ExecuteOnThread(s.Request), (Connection: this, Request: request));
        if (timeoutSeconds <= 0 && !cancellationToken.CanBeCanceled)
        {
            return isAsync ? await work : work.GetAwaiter().GetResult();
        }

        var watchdog = new QueryWatchdog(this, work, timeoutSeconds, cancellationToken);
        try
        {
            return isAsync ? await work : work.GetAwaiter().GetResult();
        }
        catch (MySqlException ex) when (watchdog.HasFired)
        {
            throw watchdog.DescribeFailure(ex);
        }
        finally
        {
            // A KILL still on its way must land before anyone else can use this connection.
            await watchdog.DisarmAsync(isAsync);
        }
    }

    public Task<ExecutionResult> ExecuteTextAsync(string sql) =>
        _thread.Invoke(static s => s.Connection.ExecuteOnThread(CommandRequest.Text(s.Sql)), (Connection: this, Sql: sql));

    /// <summary>mysql_ping with auto-reconnect off: false (and broken) when the server has gone.</summary>
    public Task<bool> PingAsync() => _thread.Invoke(static c => c.PingOnThread(), this);

    public Task ChangeDatabaseAsync(string database) =>
        _thread.Invoke(static s => s.Connection.SelectDatabaseOnThread(s.Database), (Connection: this, Database: database));

    /// <summary>Rolls back a transaction left open and restores the configured database before pooling.</summary>
    public Task ResetForReuseAsync() => _thread.Invoke(static c => c.ResetOnThread(), this);

    public bool NeedsReset => InTransaction || !string.Equals(CurrentDatabase, Settings.Database, StringComparison.Ordinal);

    /// <summary>Last resort when a query or ping does not return (KILL QUERY failed, or the network is gone): shuts
    /// the socket down under the blocked call. Only done while such a call is in flight, when the handle is open.</summary>
    public void AbortNetworkCall()
    {
        if (Volatile.Read(ref _networkCallInFlight) == 1)
        {
            _broken = true;
            _ = MariaDbNative.mariadb_cancel(_mysql);
        }
    }

    public void MarkBroken() => _broken = true;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _thread.Invoke(static c =>
            {
                c.CloseOnThread();
                return true;
            }, this);
        }
        catch (ObjectDisposedException)
        {
            // The thread already ended after a failed connect; the handle was closed there.
        }
        finally
        {
            _thread.Dispose();
        }
    }

    private static unsafe string ReadUtf8(byte* text) =>
        text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    private static byte[]? ToUtf8Z(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private unsafe void ConnectOnThread()
    {
        _mysql = MariaDbNative.mysql_init(0);
        if (_mysql == 0)
        {
            throw new MySqlException("mysql_init failed: out of memory.");
        }

        foreach (var option in ConnectOptionPlan.For(Settings))
        {
            SetOption(option);
        }

        var socket = Settings.Protocol == MySqlConnectionProtocol.Socket;
        var host = ToUtf8Z(socket ? "localhost" : Settings.Server);
        var user = ToUtf8Z(Settings.UserId);
        var password = ToUtf8Z(Settings.Password);
        var database = ToUtf8Z(Settings.Database.Length > 0 ? Settings.Database : null);
        var socketPath = ToUtf8Z(socket ? Settings.Server : null);
        nint connected;
        try
        {
            fixed (byte* hostPtr = host)
            fixed (byte* userPtr = user)
            fixed (byte* passwordPtr = password)
            fixed (byte* databasePtr = database)
            fixed (byte* socketPtr = socketPath)
            {
                connected = MariaDbNative.mysql_real_connect(_mysql, hostPtr, userPtr, passwordPtr, databasePtr,
                    socket ? 0 : Settings.Port, socketPtr, MariaDbConstants.ClientMultiStatements | MariaDbConstants.ClientMultiResults);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
        }

        if (connected == 0)
        {
            throw LastError($"Cannot connect to {Settings.Endpoint} as '{Settings.UserId}'");
        }

        ServerVersion = ReadUtf8(MariaDbNative.mysql_get_server_info(_mysql));
        ServerThreadId = MariaDbNative.mysql_thread_id(_mysql);
        CurrentDatabase = Settings.Database;

        if (ConnectOptionPlan.RequiresTls(Settings.SslMode))
        {
            byte* cipher = null;
            MariaDbNative.mariadb_get_info(_mysql, MariaDbValue.ConnectionSslCipher, &cipher);
            if (cipher is null)
            {
                throw new MySqlException(
                    $"SslMode={Settings.SslMode} requires TLS, but the connection to {Settings.Endpoint} is not encrypted " +
                    "(the server does not offer TLS).", 2026, "HY000", MySqlErrorKind.Other);
            }
        }
    }

    private unsafe void SetOption(NativeOptionValue option)
    {
        int rc;
        if (option.UnsignedValue is { } number)
        {
            rc = MariaDbNative.mysql_options(_mysql, option.Option, &number);
        }
        else if (option.FlagValue is { } flag)
        {
            var value = flag ? (byte)1 : (byte)0;
            rc = MariaDbNative.mysql_options(_mysql, option.Option, &value);
        }
        else
        {
            fixed (byte* text = ToUtf8Z(option.TextValue ?? string.Empty))
            {
                rc = MariaDbNative.mysql_options(_mysql, option.Option, text);
            }
        }

        if (rc != 0)
        {
            throw new MySqlException($"Connector/C rejected the connection option {option.Option}.");
        }
    }

    private unsafe ExecutionResult ExecuteOnThread(CommandRequest request)
    {
        EnsureOpen();
        using var statement = new StatementBuffer(StatementBinder.EstimateSize(request.CommandText, request.Parameters));
        StatementBinder.Bind(statement, request.CommandText, request.Parsed, request.Parameters, Settings.AllowUserVariables,
            new NativeConnectionEscaper(_mysql), backslashEscapes: !SessionHasNoBackslashEscapes());

        Volatile.Write(ref _networkCallInFlight, 1);
        try
        {
            int rc;
            fixed (byte* sql = statement.Array)
            {
                rc = MariaDbNative.mysql_real_query(_mysql, sql, (nuint)statement.Length);
            }

            if (rc != 0)
            {
                throw LastError(null);
            }

            return ReadResults();
        }
        finally
        {
            Volatile.Write(ref _networkCallInFlight, 0);
            RefreshServerStatus();
        }
    }

    private ExecutionResult ReadResults()
    {
        List<ResultSet>? resultSets = null;
        long affected = -1;
        ulong lastInsertId = 0;
        while (true)
        {
            if (MariaDbNative.mysql_field_count(_mysql) > 0)
            {
                var result = MariaDbNative.mysql_store_result(_mysql);
                if (result == 0)
                {
                    throw LastError(null);
                }

                try
                {
                    (resultSets ??= []).Add(ReadResultSet(result));
                }
                finally
                {
                    MariaDbNative.mysql_free_result(result);
                }
            }
            else
            {
                var rows = MariaDbNative.mysql_affected_rows(_mysql);
                if (rows != MariaDbConstants.NoAffectedRows)
                {
                    affected = Math.Max(affected, 0) + (long)rows;
                }

                var insertId = MariaDbNative.mysql_insert_id(_mysql);
                if (insertId != 0)
                {
                    lastInsertId = insertId;
                }
            }

            var next = MariaDbNative.mysql_next_result(_mysql);
            if (next < 0)
            {
                return new ExecutionResult((IReadOnlyList<ResultSet>?)resultSets ?? [], affected, lastInsertId);
            }

            if (next > 0)
            {
                throw LastError(null);
            }
        }
    }

    private static unsafe ResultSet ReadResultSet(nint result)
    {
        var fieldCount = (int)MariaDbNative.mysql_num_fields(result);
        var columns = new ResultColumn[fieldCount];
        for (var i = 0; i < fieldCount; i++)
        {
            var field = MariaDbNative.mysql_fetch_field_direct(result, (uint)i);
            columns[i] = new ResultColumn(
                Encoding.UTF8.GetString(field->Name, (int)field->NameLength), field->Type, field->Flags,
                field->CharsetNumber, field->Decimals, field->Length);
        }

        var rows = new List<ResultRow>((int)Math.Min(MariaDbNative.mysql_num_rows(result), 1 << 20));
        byte** row;
        while ((row = MariaDbNative.mysql_fetch_row(result)) is not null)
        {
            var lengths = MariaDbNative.mysql_fetch_lengths(result);
            long total = 0;
            for (var i = 0; i < fieldCount; i++)
            {
                if (row[i] is not null)
                {
                    total += (long)lengths[i];
                }
            }

            var data = total == 0 ? [] : GC.AllocateUninitializedArray<byte>(checked((int)total));
            var cells = new int[2 * fieldCount];
            var offset = 0;
            for (var i = 0; i < fieldCount; i++)
            {
                if (row[i] is null)
                {
                    cells[(2 * i) + 1] = -1;
                    continue;
                }

                var length = (int)lengths[i];
                new ReadOnlySpan<byte>(row[i], length).CopyTo(data.AsSpan(offset));
                cells[2 * i] = offset;
                cells[(2 * i) + 1] = length;
                offset += length;
            }

            rows.Add(new ResultRow(data, cells));
        }

        return new ResultSet(columns, rows);
    }

    private bool PingOnThread()
    {
        if (_mysql == 0 || _broken)
        {
            return false;
        }

        int rc;
        Volatile.Write(ref _networkCallInFlight, 1);
        try
        {
            rc = MariaDbNative.mysql_ping(_mysql);
        }
        finally
        {
            Volatile.Write(ref _networkCallInFlight, 0);
        }

        if (rc == 0)
        {
            return true;
        }

        _ = LastError(null);
        _broken = true;
        return false;
    }

    private unsafe bool SelectDatabaseOnThread(string database)
    {
        EnsureOpen();
        fixed (byte* name = ToUtf8Z(database))
        {
            if (MariaDbNative.mysql_select_db(_mysql, name) != 0)
            {
                throw LastError($"Cannot change database to '{database}'");
            }
        }

        CurrentDatabase = database;
        return true;
    }

    private bool ResetOnThread()
    {
        try
        {
            if (InTransaction)
            {
                ExecuteOnThread(CommandRequest.Text("ROLLBACK"));
            }

            if (!string.Equals(CurrentDatabase, Settings.Database, StringComparison.Ordinal) && Settings.Database.Length > 0)
            {
                SelectDatabaseOnThread(Settings.Database);
            }

            return true;
        }
        catch (MySqlException)
        {
            _broken = true;
            return false;
        }
    }

    /// <summary>
    /// Whether the session runs with sql_mode NO_BACKSLASH_ESCAPES, read from the status the server sent with its
    /// last reply (no round trip). The placeholder scan must then treat a backslash inside a literal as a plain
    /// character, as the server will, or a parameter could be placed inside what the server sees as SQL.
    /// </summary>
    private unsafe bool SessionHasNoBackslashEscapes()
    {
        uint status = 0;
        return MariaDbNative.mariadb_get_info(_mysql, MariaDbValue.ConnectionServerStatus, &status) == 0
            && (status & MariaDbConstants.ServerStatusNoBackslashEscapes) != 0;
    }

    private unsafe void RefreshServerStatus()
    {
        uint status = 0;
        if (_mysql != 0 && MariaDbNative.mariadb_get_info(_mysql, MariaDbValue.ConnectionServerStatus, &status) == 0)
        {
            InTransaction = (status & MariaDbConstants.ServerStatusInTransaction) != 0;
        }
    }

    private void CloseOnThread()
    {
        if (_mysql != 0)
        {
            MariaDbNative.mysql_close(_mysql);
            _mysql = 0;
        }
    }

    private void EnsureOpen()
    {
        if (_mysql == 0)
        {
            throw new MySqlException("The MySQL connection is closed.", 2006, "HY000", MySqlErrorKind.ConnectionLost);
        }
    }

    private unsafe MySqlException LastError(string? context)
    {
        var number = (int)MariaDbNative.mysql_errno(_mysql);
        if (number == 0)
        {
            return new MySqlException((context is null ? string.Empty : context + ": ") + "Connector/C reported a failure without an error number.");
        }

        if (MySqlErrorClassifier.IsConnectionLevel(number))
        {
            _broken = true;
        }

        return MySqlException.FromError(number, ReadUtf8(MariaDbNative.mysql_sqlstate(_mysql)),
            ReadUtf8(MariaDbNative.mysql_error(_mysql)), context, Settings.Password);
    }
}

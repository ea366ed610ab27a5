using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Reads a fully buffered result (rows were copied out of Connector/C when the command completed), so Read never
/// blocks and the connection is free for the next command as soon as ExecuteReader returns.
/// </summary>
[SuppressMessage("Design", "CA1010:Generic interface should also be implemented",
    Justification = "Enumeration is DbDataReader's (DbEnumerator over IDataRecord).")]
public sealed class MySqlDataReader : DbDataReader
{
    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    private readonly ExecutionResult _result;
    private readonly CommandBehavior _behavior;
    private readonly MySqlConnection _connection;
    private int _resultIndex;
    private int _rowIndex = -1;
    private bool _closed;

    internal MySqlDataReader(ExecutionResult result, CommandBehavior behavior, MySqlConnection connection)
    {
        _result = result;
        _behavior = behavior;
        _connection = connection;
    }

    public override int Depth => 0;

    public override int FieldCount => CurrentSet?.Columns.Count ?? 0;

    public override bool HasRows => CurrentSet is { Rows.Count: > 0 };

    public override bool IsClosed => _closed;

    public override int RecordsAffected => (int)Math.Min(_result.RecordsAffected, int.MaxValue);

    private ResultSet? CurrentSet => _resultIndex < _result.ResultSets.Count ? _result.ResultSets[_resultIndex] : null;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (CurrentSet is not { } set || _rowIndex + 1 >= set.Rows.Count)
        {
            _rowIndex = CurrentSet?.Rows.Count ?? 0;
            return false;
        }

        _rowIndex++;
        return true;
    }

    public override Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Read() ? TrueTask : FalseTask;
    }

    public override bool NextResult()
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        if (_resultIndex >= _result.ResultSets.Count)
        {
            return false;
        }

        _resultIndex++;
        _rowIndex = -1;
        return _resultIndex < _result.ResultSets.Count;
    }

    public override Task<bool> NextResultAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return NextResult() ? TrueTask : FalseTask;
    }

    public override string GetName(int ordinal) => Column(ordinal).Name;

    [SuppressMessage("Usage", "CA2201:Do not raise reserved exception types",
        Justification = "IDataRecord.GetOrdinal documents IndexOutOfRangeException for an unknown name.")]
    public override int GetOrdinal(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var columns = CurrentSet?.Columns ?? throw new InvalidOperationException("There is no current result set.");
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new IndexOutOfRangeException($"The result has no column named '{name}'.");
    }

    public override string GetDataTypeName(int ordinal) => MySqlValueParser.GetDataTypeName(Column(ordinal));

    public override Type GetFieldType(int ordinal) => MySqlValueParser.GetFieldType(Column(ordinal));

    public override bool IsDBNull(int ordinal) => Row(ordinal).IsNull(ordinal);

    public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => IsDBNull(ordinal) ? TrueTask : FalseTask;

    public override object GetValue(int ordinal)
    {
        var row = Row(ordinal);
        return row.IsNull(ordinal) ? DBNull.Value : MySqlValueParser.GetValue(Column(ordinal), row.GetSpan(ordinal));
    }

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    public override string GetString(int ordinal) => MySqlValueParser.ParseString(NonNull(ordinal));

    public override bool GetBoolean(int ordinal) => GetInt64(ordinal) != 0;

    public override byte GetByte(int ordinal) => checked((byte)GetUInt64(ordinal));

    public override short GetInt16(int ordinal) => checked((short)GetInt64(ordinal));

    public override int GetInt32(int ordinal) => checked((int)GetInt64(ordinal));

    public override long GetInt64(int ordinal) => MySqlValueParser.ParseInt64(Column(ordinal), NonNull(ordinal));

    public uint GetUInt32(int ordinal) => checked((uint)GetUInt64(ordinal));

    public ulong GetUInt64(int ordinal) => MySqlValueParser.ParseUInt64(Column(ordinal), NonNull(ordinal));

    public override decimal GetDecimal(int ordinal) => MySqlValueParser.ParseDecimal(NonNull(ordinal));

    public override double GetDouble(int ordinal) => MySqlValueParser.ParseDouble(NonNull(ordinal));

    public override float GetFloat(int ordinal) => (float)GetDouble(ordinal);

    /// <summary>DATETIME/TIMESTAMP/DATE as <see cref="DateTimeKind.Utc"/>.</summary>
    public override DateTime GetDateTime(int ordinal) => MySqlValueParser.ParseDateTime(NonNull(ordinal));

    public TimeSpan GetTimeSpan(int ordinal) => MySqlValueParser.ParseTime(NonNull(ordinal));

    public override Guid GetGuid(int ordinal)
    {
        var data = NonNull(ordinal);
        return data.Length == 16 && Column(ordinal).IsBinary ? new Guid(data, bigEndian: true) : Guid.Parse(Encoding.UTF8.GetString(data));
    }

    public override char GetChar(int ordinal)
    {
        var text = GetString(ordinal);
        return text.Length > 0 ? text[0] : throw new InvalidCastException("The value is an empty string.");
    }

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var data = NonNull(ordinal);
        if (buffer is null)
        {
            return data.Length;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(dataOffset);
        if (dataOffset >= data.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(length, data.Length - dataOffset);
        data.Slice((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(dataOffset);
        if (dataOffset >= text.Length)
        {
            return 0;
        }

        var count = (int)Math.Min(length, text.Length - dataOffset);
        text.AsSpan((int)dataOffset, count).CopyTo(buffer.AsSpan(bufferOffset));
        return count;
    }

    /// <summary>Typed access: numeric types, string, bool, DateTime (UTC), DateTimeOffset, TimeSpan, Guid, byte[],
    /// enums (by name or number) and their nullable forms.</summary>
    public override T GetFieldValue<T>(int ordinal)
    {
        if (IsDBNull(ordinal))
        {
            // Reference types and Nullable<T> read NULL as null; other value types cannot hold it.
            return default(T) is null ? default! : throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL.");
        }

        return (T)ConvertTo(ordinal, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public override Task<T> GetFieldValueAsync<T>(int ordinal, CancellationToken cancellationToken) =>
        Task.FromResult(GetFieldValue<T>(ordinal));

    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    public override void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if ((_behavior & CommandBehavior.CloseConnection) != 0)
        {
            _connection.Close();
        }
    }

    public override async Task CloseAsync()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        if ((_behavior & CommandBehavior.CloseConnection) != 0)
        {
            await _connection.CloseAsync();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }

    private object ConvertTo(int ordinal, Type type)
    {
        if (type == typeof(object))
        {
            return GetValue(ordinal);
        }

        if (type.IsEnum)
        {
            var text = GetString(ordinal);
            return Enum.Parse(type, text, ignoreCase: true);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => GetString(ordinal),
            TypeCode.Boolean => GetBoolean(ordinal),
            TypeCode.Byte => GetByte(ordinal),
            TypeCode.SByte => checked((sbyte)GetInt64(ordinal)),
            TypeCode.Int16 => GetInt16(ordinal),
            TypeCode.UInt16 => checked((ushort)GetUInt64(ordinal)),
            TypeCode.Int32 => GetInt32(ordinal),
            TypeCode.UInt32 => GetUInt32(ordinal),
            TypeCode.Int64 => GetInt64(ordinal),
            TypeCode.UInt64 => GetUInt64(ordinal),
            TypeCode.Decimal => GetDecimal(ordinal),
            TypeCode.Double => GetDouble(ordinal),
            TypeCode.Single => GetFloat(ordinal),
            TypeCode.DateTime => GetDateTime(ordinal),
            TypeCode.Char => GetChar(ordinal),
            _ when type == typeof(byte[]) => NonNull(ordinal).ToArray(),
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(GetDateTime(ordinal)),
            _ when type == typeof(TimeSpan) => GetTimeSpan(ordinal),
            _ when type == typeof(Guid) => GetGuid(ordinal),
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(GetDateTime(ordinal)),
            _ when type == typeof(ReadOnlyMemory<byte>) => new ReadOnlyMemory<byte>(NonNull(ordinal).ToArray()),
            _ => Convert.ChangeType(GetValue(ordinal), type, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private ResultColumn Column(int ordinal)
    {
        var columns = CurrentSet?.Columns ?? throw new InvalidOperationException("There is no current result set.");
        return (uint)ordinal < (uint)columns.Count
            ? columns[ordinal]
            : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The result has {columns.Count} columns.");
    }

    private ResultRow Row(int ordinal, [CallerMemberName] string caller = "")
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _ = Column(ordinal);
        var set = CurrentSet!;
        return _rowIndex >= 0 && _rowIndex < set.Rows.Count
            ? set.Rows[_rowIndex]
            : throw new InvalidOperationException($"{caller} needs a current row: call Read first (and check it returned true).");
    }

    private ReadOnlySpan<byte> NonNull(int ordinal, [CallerMemberName] string caller = "")
    {
        var row = Row(ordinal, caller);
        return row.IsNull(ordinal)
            ? throw new InvalidCastException($"Column '{GetName(ordinal)}' is NULL; check IsDBNull before calling {caller}.")
            : row.GetSpan(ordinal);
    }
}

using System.Collections;
using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// A forward-only reader over a slice of entities, exposing the columns the application writes, so
/// <c>MySqlBulkCopy</c> streams them without an intermediate <c>DataTable</c>.
/// </summary>
internal sealed class EntityDataReader<TEntity>(BulkInsertTable table, IReadOnlyList<TEntity> rows, int start, int count) : DbDataReader
    where TEntity : class
{
    private readonly object?[] _current = new object?[table.Columns.Count];
    private int _position = -1;

    public override int FieldCount => table.Columns.Count;

    public override int RecordsAffected => -1;

    public override bool HasRows => count > 0;

    public override bool IsClosed => _position >= count;

    public override int Depth => 0;

    public override object this[int ordinal] => GetValue(ordinal);

    public override object this[string name] => GetValue(GetOrdinal(name));

    public override bool Read()
    {
        if (++_position >= count)
        {
            return false;
        }

        var entity = rows[start + _position]!;
        for (var i = 0; i < _current.Length; i++)
        {
            _current[i] = table.Columns[i].ValueOf(entity);
        }

        return true;
    }

    public override bool NextResult() => false;

    public override object GetValue(int ordinal) => _current[ordinal] ?? DBNull.Value;

    public override int GetValues(object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = Math.Min(values.Length, _current.Length);
        for (var i = 0; i < n; i++)
        {
            values[i] = GetValue(i);
        }

        return n;
    }

    public override bool IsDBNull(int ordinal) => _current[ordinal] is null;

    public override string GetName(int ordinal) => table.Columns[ordinal].Name;

    public override int GetOrdinal(string name)
    {
        for (var i = 0; i < table.Columns.Count; i++)
        {
            if (string.Equals(table.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "No such column.");
    }

    public override Type GetFieldType(int ordinal) => table.Columns[ordinal].ProviderType;

    public override string GetDataTypeName(int ordinal) => GetFieldType(ordinal).Name;

    public override IEnumerator GetEnumerator() => new DbEnumerator(this);

    public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

    public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

    public override char GetChar(int ordinal) => (char)GetValue(ordinal);

    public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

    public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

    public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

    public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

    public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

    public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

    public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

    public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

    public override string GetString(int ordinal) => (string)GetValue(ordinal);

    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("Bulk insert columns are read as whole values.");

    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) =>
        throw new NotSupportedException("Bulk insert columns are read as whole values.");
}

using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// A named input value for an <c>@name</c> placeholder. The value's runtime type decides how it is written (see
/// <see cref="SqlLiteralWriter"/>); <see cref="DbType"/> is informational.
/// </summary>
public sealed class MySqlParameter : DbParameter
{
    private string _parameterName = string.Empty;
    private DbType? _dbType;

    public MySqlParameter()
    {
    }

    public MySqlParameter(string parameterName, object? value)
    {
        ParameterName = parameterName;
        Value = value;
    }

    public override DbType DbType
    {
        get => _dbType ?? InferDbType(Value);
        set => _dbType = value;
    }

    /// <summary>Only input parameters exist in a text protocol client.</summary>
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("Only input parameters are supported.");
            }
        }
    }

    public override bool IsNullable { get; set; }

    [AllowNull]
    public override string ParameterName
    {
        get => _parameterName;
        set
        {
            _parameterName = value ?? string.Empty;
            NormalizedName = Normalize(_parameterName);
            Collection?.OnNameChanged();
        }
    }

    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    public override bool SourceColumnNullMapping { get; set; }

    public override int Size { get; set; }

    public override object? Value { get; set; }

    /// <summary>The name without its '@' or '?' prefix, as it appears after '@' in the SQL.</summary>
    internal string NormalizedName { get; private set; } = string.Empty;

    internal MySqlParameterCollection? Collection { get; set; }

    public override void ResetDbType() => _dbType = null;

    internal static string Normalize(string name) =>
        name.Length > 0 && (name[0] == '@' || name[0] == '?') ? name[1..] : name;

    private static DbType InferDbType(object? value) => value switch
    {
        string or char or Enum => DbType.String,
        bool => DbType.Boolean,
        byte => DbType.Byte,
        sbyte => DbType.SByte,
        short => DbType.Int16,
        ushort => DbType.UInt16,
        int => DbType.Int32,
        uint => DbType.UInt32,
        long => DbType.Int64,
        ulong => DbType.UInt64,
        decimal => DbType.Decimal,
        double => DbType.Double,
        float => DbType.Single,
        DateTime => DbType.DateTime,
        DateTimeOffset => DbType.DateTimeOffset,
        DateOnly => DbType.Date,
        TimeOnly or TimeSpan => DbType.Time,
        Guid => DbType.Guid,
        byte[] or ReadOnlyMemory<byte> or Memory<byte> or ArraySegment<byte> => DbType.Binary,
        _ => DbType.Object,
    };
}

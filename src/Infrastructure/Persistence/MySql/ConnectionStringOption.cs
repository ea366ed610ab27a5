using System.Globalization;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>One connection string key: its canonical name, the aliases MySQL .NET users know, and how its value is
/// validated and normalised.</summary>
internal sealed class ConnectionStringOption
{
    public static readonly ConnectionStringOption Server = new("Server", ValueKind.Text, "Host", "Data Source", "DataSource", "Address", "Addr", "Network Address");
    public static readonly ConnectionStringOption Port = new("Port", ValueKind.UnsignedInteger);
    public static readonly ConnectionStringOption Protocol = new("Protocol", ValueKind.Protocol, "Connection Protocol", "ConnectionProtocol");
    public static readonly ConnectionStringOption Database = new("Database", ValueKind.Text, "Initial Catalog");
    public static readonly ConnectionStringOption UserId = new("User ID", ValueKind.Text, "UserID", "Uid", "User", "Username", "User Name");
    public static readonly ConnectionStringOption Password = new("Password", ValueKind.Text, "Pwd");
    public static readonly ConnectionStringOption SslMode = new("SslMode", ValueKind.SslMode, "Ssl Mode", "Ssl-Mode");
    public static readonly ConnectionStringOption SslCa = new("SslCa", ValueKind.Text, "Ssl Ca", "Ssl-Ca", "CACertificateFile");
    public static readonly ConnectionStringOption CharacterSet = new("CharSet", ValueKind.CharacterSet, "Character Set", "CharacterSet");
    public static readonly ConnectionStringOption ConnectionTimeout = new("Connection Timeout", ValueKind.UnsignedInteger, "ConnectionTimeout", "Connect Timeout", "ConnectTimeout");
    public static readonly ConnectionStringOption DefaultCommandTimeout = new("Default Command Timeout", ValueKind.UnsignedInteger, "DefaultCommandTimeout", "Command Timeout", "CommandTimeout");
    public static readonly ConnectionStringOption MaximumPoolSize = new("Maximum Pool Size", ValueKind.UnsignedInteger, "MaximumPoolSize", "Max Pool Size", "MaxPoolSize");
    public static readonly ConnectionStringOption MinimumPoolSize = new("Minimum Pool Size", ValueKind.UnsignedInteger, "MinimumPoolSize", "Min Pool Size", "MinPoolSize");
    public static readonly ConnectionStringOption Pooling = new("Pooling", ValueKind.Boolean);
    public static readonly ConnectionStringOption AllowUserVariables = new("Allow User Variables", ValueKind.Boolean, "AllowUserVariables");
    public static readonly ConnectionStringOption ConnectionIdlePingTime = new("Connection Idle Ping Time", ValueKind.Seconds, "ConnectionIdlePingTime");
    public static readonly ConnectionStringOption ConnectionIdleTimeout = new("Connection Idle Timeout", ValueKind.Seconds, "ConnectionIdleTimeout");

    private static readonly Dictionary<string, ConnectionStringOption> ByKeyword = BuildIndex();

    private ConnectionStringOption(string name, ValueKind kind, params string[] aliases)
    {
        Name = name;
        Kind = kind;
        Aliases = aliases;
    }

    internal enum ValueKind
    {
        Text,
        UnsignedInteger,
        Boolean,
        Seconds,
        SslMode,
        Protocol,
        CharacterSet,
    }

    public string Name { get; }

    public ValueKind Kind { get; }

    public IReadOnlyList<string> Aliases { get; }

    public static ConnectionStringOption Resolve(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        // The unknown keyword is not echoed: in "Password=a;b=c" it is a piece of the password.
        return ByKeyword.TryGetValue(keyword.Trim(), out var option)
            ? option
            : throw new ArgumentException(
                "The connection string holds an option this client does not support: a misspelt key, or a password " +
                "containing ';' that needs quoting (Password=\"…\"). Supported keys: " +
                string.Join(", ", ByKeyword.Values.Select(o => o.Name).Distinct()) + ".", nameof(keyword));
    }

    /// <summary>Validates a value and returns the text stored in the connection string.</summary>
    public string Normalize(object value)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        switch (Kind)
        {
            case ValueKind.UnsignedInteger:
                return ParseUnsigned(text).ToString(CultureInfo.InvariantCulture);
            case ValueKind.Boolean:
                return ParseBoolean(text) ? "true" : "false";
            case ValueKind.Seconds:
                return ParseSeconds(text).ToString("R", CultureInfo.InvariantCulture);
            case ValueKind.SslMode:
                return ParseSslMode(text).ToString();
            case ValueKind.Protocol:
                return ParseProtocol(text).ToString();
            case ValueKind.CharacterSet:
                return text.Trim().Equals("utf8mb4", StringComparison.OrdinalIgnoreCase)
                    ? "utf8mb4"
                    : throw Invalid(text, "only utf8mb4 is supported");
            default:
                return text;
        }
    }

    public uint ParseUnsigned(string text) =>
        uint.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Invalid(text, "expected a non-negative whole number");

    public bool ParseBoolean(string text) => text.Trim().ToUpperInvariant() switch
    {
        "TRUE" or "YES" or "1" or "ON" => true,
        "FALSE" or "NO" or "0" or "OFF" => false,
        _ => throw Invalid(text, "expected true or false"),
    };

    public double ParseSeconds(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var result)
            && double.IsFinite(result)
            ? result
            : throw Invalid(text, "expected a number of seconds");

    public MySqlSslMode ParseSslMode(string text) => text.Trim().ToUpperInvariant() switch
    {
        "NONE" or "DISABLED" => MySqlSslMode.None,
        "PREFERRED" => MySqlSslMode.Preferred,
        "REQUIRED" => MySqlSslMode.Required,
        "VERIFYCA" or "VERIFY_CA" => MySqlSslMode.VerifyCA,
        "VERIFYFULL" or "VERIFY_IDENTITY" or "VERIFYIDENTITY" => MySqlSslMode.VerifyFull,
        _ => throw Invalid(text, "expected None, Preferred, Required, VerifyCA or VerifyFull"),
    };

    public MySqlConnectionProtocol ParseProtocol(string text) => text.Trim().ToUpperInvariant() switch
    {
        "TCP" => MySqlConnectionProtocol.Tcp,
        "SOCKET" or "SOCKETS" or "UNIX" or "UNIXSOCKET" => MySqlConnectionProtocol.Socket,
        _ => throw Invalid(text, "expected Tcp or Socket"),
    };

    private static Dictionary<string, ConnectionStringOption> BuildIndex()
    {
        var all = new[]
        {
            Server, Port, Protocol, Database, UserId, Password, SslMode, SslCa, CharacterSet, ConnectionTimeout,
            DefaultCommandTimeout, MaximumPoolSize, MinimumPoolSize, Pooling, AllowUserVariables,
            ConnectionIdlePingTime, ConnectionIdleTimeout,
        };
        var index = new Dictionary<string, ConnectionStringOption>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in all)
        {
            index.Add(option.Name, option);
            foreach (var alias in option.Aliases)
            {
                index.Add(alias, option);
            }
        }

        return index;
    }

    // Only typed options are validated, so the value quoted here is never the password.
    private ArgumentException Invalid(string text, string expectation) =>
        new($"Invalid value '{text}' for connection string option '{Name}': {expectation}.");
}

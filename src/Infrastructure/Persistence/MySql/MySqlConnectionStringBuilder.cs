using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>
/// Connection string with the keys MySQL .NET users know (case-insensitive, with the usual aliases, e.g. Host or
/// Data Source for Server, Uid/User/Username for User ID, Pwd for Password). <see cref="ToString"/> masks the password;
/// <see cref="DbConnectionStringBuilder.ConnectionString"/> does not.
/// </summary>
[SuppressMessage("Design", "CA1010:Generic interface should also be implemented",
    Justification = "The collection shape is DbConnectionStringBuilder's; typed properties are the intended API.")]
public sealed class MySqlConnectionStringBuilder : DbConnectionStringBuilder
{
    public const uint DefaultPort = 3306;
    public const uint DefaultConnectionTimeout = 15;
    public const uint DefaultDefaultCommandTimeout = 30;
    public const uint DefaultMaximumPoolSize = 100;
    public const double DefaultConnectionIdlePingTime = 1;
    public const double DefaultConnectionIdleTimeout = 180;
    public const string DefaultSocketPath = "/run/mysqld/mysqld.sock";

    private const string PasswordMask = "*****";

    public MySqlConnectionStringBuilder()
    {
    }

    public MySqlConnectionStringBuilder(string? connectionString)
    {
        ConnectionString = connectionString ?? string.Empty;
    }

    /// <summary>Host name or IP address, or the path of a unix socket when it starts with '/'.</summary>
    public string Server
    {
        get => GetText(ConnectionStringOption.Server) ?? string.Empty;
        set => this[ConnectionStringOption.Server.Name] = value;
    }

    public uint Port
    {
        get => GetUnsigned(ConnectionStringOption.Port, DefaultPort);
        set => this[ConnectionStringOption.Port.Name] = value;
    }

    /// <summary>Tcp, or Socket (Server then names the socket path, default /run/mysqld/mysqld.sock). A Server starting
    /// with '/' implies Socket.</summary>
    public MySqlConnectionProtocol Protocol
    {
        get => GetText(ConnectionStringOption.Protocol) is { } text
            ? ConnectionStringOption.Protocol.ParseProtocol(text)
            : Server.StartsWith('/') ? MySqlConnectionProtocol.Socket : MySqlConnectionProtocol.Tcp;
        set => this[ConnectionStringOption.Protocol.Name] = value;
    }

    public string Database
    {
        get => GetText(ConnectionStringOption.Database) ?? string.Empty;
        set => this[ConnectionStringOption.Database.Name] = value;
    }

    public string UserId
    {
        get => GetText(ConnectionStringOption.UserId) ?? string.Empty;
        set => this[ConnectionStringOption.UserId.Name] = value;
    }

    public string Password
    {
        get => GetText(ConnectionStringOption.Password) ?? string.Empty;
        set => this[ConnectionStringOption.Password.Name] = value;
    }

    public MySqlSslMode SslMode
    {
        get => GetText(ConnectionStringOption.SslMode) is { } text
            ? ConnectionStringOption.SslMode.ParseSslMode(text)
            : MySqlSslMode.Preferred;
        set => this[ConnectionStringOption.SslMode.Name] = value;
    }

    /// <summary>PEM file of the certificate authority used by VerifyCA/VerifyFull.</summary>
    public string SslCa
    {
        get => GetText(ConnectionStringOption.SslCa) ?? string.Empty;
        set => this[ConnectionStringOption.SslCa.Name] = value;
    }

    /// <summary>Seconds allowed for establishing a connection, and also for waiting on an exhausted pool.</summary>
    public uint ConnectionTimeout
    {
        get => GetUnsigned(ConnectionStringOption.ConnectionTimeout, DefaultConnectionTimeout);
        set => this[ConnectionStringOption.ConnectionTimeout.Name] = value;
    }

    /// <summary>Seconds a command may run before it is killed on the server; 0 means no limit.</summary>
    public uint DefaultCommandTimeout
    {
        get => GetUnsigned(ConnectionStringOption.DefaultCommandTimeout, DefaultDefaultCommandTimeout);
        set => this[ConnectionStringOption.DefaultCommandTimeout.Name] = value;
    }

    public uint MaximumPoolSize
    {
        get => GetUnsigned(ConnectionStringOption.MaximumPoolSize, DefaultMaximumPoolSize);
        set => this[ConnectionStringOption.MaximumPoolSize.Name] = value;
    }

    public uint MinimumPoolSize
    {
        get => GetUnsigned(ConnectionStringOption.MinimumPoolSize, 0);
        set => this[ConnectionStringOption.MinimumPoolSize.Name] = value;
    }

    /// <summary>When false every Open creates a physical connection and Close destroys it.</summary>
    public bool Pooling
    {
        get => GetBoolean(ConnectionStringOption.Pooling, true);
        set => this[ConnectionStringOption.Pooling.Name] = value;
    }

    /// <summary>When true an @name without a matching parameter is left in the SQL as a user variable.</summary>
    public bool AllowUserVariables
    {
        get => GetBoolean(ConnectionStringOption.AllowUserVariables, false);
        set => this[ConnectionStringOption.AllowUserVariables.Name] = value;
    }

    /// <summary>Seconds a pooled connection may sit idle before it is pinged when taken from the pool.</summary>
    public double ConnectionIdlePingTime
    {
        get => GetSeconds(ConnectionStringOption.ConnectionIdlePingTime, DefaultConnectionIdlePingTime);
        set => this[ConnectionStringOption.ConnectionIdlePingTime.Name] = value;
    }

    /// <summary>Seconds after which an idle pooled connection above Minimum Pool Size is closed; 0 keeps them.</summary>
    public double ConnectionIdleTimeout
    {
        get => GetSeconds(ConnectionStringOption.ConnectionIdleTimeout, DefaultConnectionIdleTimeout);
        set => this[ConnectionStringOption.ConnectionIdleTimeout.Name] = value;
    }

    /// <summary>The unix socket path when <see cref="Protocol"/> is Socket.</summary>
    public string SocketPath => Server.StartsWith('/') ? Server : DefaultSocketPath;

    [AllowNull]
    public override object this[string keyword]
    {
        get => base[ConnectionStringOption.Resolve(keyword).Name];
        set
        {
            var option = ConnectionStringOption.Resolve(keyword);
            if (value is null)
            {
                base.Remove(option.Name);
            }
            else
            {
                base[option.Name] = option.Normalize(value);
            }
        }
    }

    /// <summary>Masks the password of a connection string for logs and messages; never throws.</summary>
    public static string Mask(string? connectionString)
    {
        try
        {
            return new MySqlConnectionStringBuilder(connectionString).ToMaskedString();
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    /// <summary>The connection string with the password replaced by asterisks.</summary>
    public string ToMaskedString()
    {
        if (!base.ContainsKey(ConnectionStringOption.Password.Name))
        {
            return ConnectionString;
        }

        var copy = new MySqlConnectionStringBuilder(ConnectionString)
        {
            Password = PasswordMask,
        };
        return copy.ConnectionString;
    }

    /// <summary>Masked: a builder that ends up in a log must not leak the password.</summary>
    public override string ToString() => ToMaskedString();

    public override bool ContainsKey(string keyword) => base.ContainsKey(ConnectionStringOption.Resolve(keyword).Name);

    public override bool Remove(string keyword) => base.Remove(ConnectionStringOption.Resolve(keyword).Name);

    public override bool ShouldSerialize(string keyword) => base.ShouldSerialize(ConnectionStringOption.Resolve(keyword).Name);

    public override bool TryGetValue(string keyword, [MaybeNullWhen(false)] out object value) =>
        base.TryGetValue(ConnectionStringOption.Resolve(keyword).Name, out value);

    private string? GetText(ConnectionStringOption option) =>
        base.TryGetValue(option.Name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private uint GetUnsigned(ConnectionStringOption option, uint defaultValue) =>
        GetText(option) is { } text ? option.ParseUnsigned(text) : defaultValue;

    private bool GetBoolean(ConnectionStringOption option, bool defaultValue) =>
        GetText(option) is { } text ? option.ParseBoolean(text) : defaultValue;

    private double GetSeconds(ConnectionStringOption option, double defaultValue) =>
        GetText(option) is { } text ? option.ParseSeconds(text) : defaultValue;
}

using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class ConnectionStringBuilderTests
{
    [Fact]
    public void Parses_the_usual_keys_with_defaults_for_the_rest()
    {
        var builder = new MySqlConnectionStringBuilder("Server=db.local;Port=3307;Database=recorder;User ID=app;Password=s3cret");

        Assert.Equal("db.local", builder.Server);
        Assert.Equal(3307u, builder.Port);
        Assert.Equal("recorder", builder.Database);
        Assert.Equal("app", builder.UserId);
        Assert.Equal("s3cret", builder.Password);
        Assert.Equal(MySqlConnectionProtocol.Tcp, builder.Protocol);
        Assert.Equal(MySqlSslMode.Preferred, builder.SslMode);
        Assert.Equal(15u, builder.ConnectionTimeout);
        Assert.Equal(30u, builder.DefaultCommandTimeout);
        Assert.Equal(100u, builder.MaximumPoolSize);
        Assert.Equal(0u, builder.MinimumPoolSize);
        Assert.False(builder.AllowUserVariables);
        Assert.True(builder.Pooling);
        Assert.Equal(1d, builder.ConnectionIdlePingTime);
    }

    [Theory]
    [InlineData("Host=h1", "h1")]
    [InlineData("Data Source=h2", "h2")]
    [InlineData("DATASOURCE=h3", "h3")]
    [InlineData("server=h4", "h4")]
    [InlineData("Address=h5", "h5")]
    public void Server_aliases_are_case_insensitive(string connectionString, string expected) =>
        Assert.Equal(expected, new MySqlConnectionStringBuilder(connectionString).Server);

    [Theory]
    [InlineData("Uid=u1", "u1")]
    [InlineData("User=u2", "u2")]
    [InlineData("Username=u3", "u3")]
    [InlineData("user id=u4", "u4")]
    [InlineData("UserID=u5", "u5")]
    public void User_aliases(string connectionString, string expected) =>
        Assert.Equal(expected, new MySqlConnectionStringBuilder(connectionString).UserId);

    [Fact]
    public void Pwd_is_an_alias_of_Password()
    {
        var builder = new MySqlConnectionStringBuilder("Pwd=abc");

        Assert.Equal("abc", builder.Password);
        Assert.True(builder.ContainsKey("password"));
    }

    [Fact]
    public void Pool_and_timeout_aliases()
    {
        var builder = new MySqlConnectionStringBuilder(
            "Max Pool Size=7;MinPoolSize=2;Connect Timeout=3;Command Timeout=9;AllowUserVariables=yes;Ssl Mode=Required;Connection Idle Ping Time=0.5");

        Assert.Equal(7u, builder.MaximumPoolSize);
        Assert.Equal(2u, builder.MinimumPoolSize);
        Assert.Equal(3u, builder.ConnectionTimeout);
        Assert.Equal(9u, builder.DefaultCommandTimeout);
        Assert.True(builder.AllowUserVariables);
        Assert.Equal(MySqlSslMode.Required, builder.SslMode);
        Assert.Equal(0.5, builder.ConnectionIdlePingTime);
    }

    [Theory]
    [InlineData("None", MySqlSslMode.None)]
    [InlineData("disabled", MySqlSslMode.None)]
    [InlineData("preferred", MySqlSslMode.Preferred)]
    [InlineData("VerifyCA", MySqlSslMode.VerifyCA)]
    [InlineData("verify_identity", MySqlSslMode.VerifyFull)]
    [InlineData("VerifyFull", MySqlSslMode.VerifyFull)]
    public void SslMode_values(string value, MySqlSslMode expected) =>
        Assert.Equal(expected, new MySqlConnectionStringBuilder("SslMode=" + value).SslMode);

    [Fact]
    public void Server_starting_with_a_slash_means_a_unix_socket()
    {
        var builder = new MySqlConnectionStringBuilder("Server=/var/run/mysqld.sock;User=u");

        Assert.Equal(MySqlConnectionProtocol.Socket, builder.Protocol);
        Assert.Equal("/var/run/mysqld.sock", builder.SocketPath);
    }

    [Fact]
    public void Protocol_socket_without_a_path_uses_the_default_socket()
    {
        var settings = MySqlConnectionSettings.Parse("Protocol=Socket;Server=localhost;User=u");

        Assert.Equal(MySqlConnectionProtocol.Socket, settings.Protocol);
        Assert.Equal("/run/mysqld/mysqld.sock", settings.Server);
    }

    [Fact]
    public void Unknown_keys_are_rejected_without_echoing_them_since_they_may_be_part_of_a_password()
    {
        var error = Assert.Throws<ArgumentException>(() => new MySqlConnectionStringBuilder("Server=x;Password=ab;zq9x=ef"));

        Assert.DoesNotContain("zq9x", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("does not support", error.Message, StringComparison.Ordinal);
        Assert.Contains("Default Command Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_numbers_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new MySqlConnectionStringBuilder("Port=abc"));

        Assert.Contains("Port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_utf8mb4_is_accepted_as_character_set()
    {
        Assert.Equal("utf8mb4", new MySqlConnectionStringBuilder("CharSet=UTF8MB4")["Character Set"]);
        Assert.Throws<ArgumentException>(() => new MySqlConnectionStringBuilder("CharSet=latin1"));
    }

    [Fact]
    public void ToString_and_masking_hide_the_password()
    {
        var builder = new MySqlConnectionStringBuilder("Server=h;User ID=u;Password=Very$ecret;Database=d");

        Assert.DoesNotContain("Very$ecret", builder.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Very$ecret", builder.ToMaskedString(), StringComparison.Ordinal);
        Assert.Contains("Password=*****", builder.ToMaskedString(), StringComparison.Ordinal);
        Assert.Contains("Very$ecret", builder.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Mask_handles_aliases_and_garbage()
    {
        Assert.DoesNotContain("hunter2", MySqlConnectionStringBuilder.Mask("Host=h;Pwd=hunter2"), StringComparison.Ordinal);
        Assert.Equal("(unparsable connection string)", MySqlConnectionStringBuilder.Mask("Server=h;Nope=hunter2"));
    }

    [Fact]
    public void Settings_and_data_source_render_without_the_password()
    {
        const string ConnectionString = "Server=h;User ID=u;Password=p@ss-word-1";

        Assert.DoesNotContain("p@ss-word-1", MySqlConnectionSettings.Parse(ConnectionString).ToString(), StringComparison.Ordinal);
        using var dataSource = new MySqlDataSource(ConnectionString);
        Assert.DoesNotContain("p@ss-word-1", dataSource.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss-word-1", dataSource.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_validate_pool_sizes()
    {
        Assert.Throws<ArgumentException>(() => MySqlConnectionSettings.Parse("Server=h;Maximum Pool Size=0"));
        Assert.Throws<ArgumentException>(() => MySqlConnectionSettings.Parse("Server=h;Maximum Pool Size=2;Minimum Pool Size=3"));
    }

    [Fact]
    public void Typed_setters_write_canonical_keys()
    {
        var builder = new MySqlConnectionStringBuilder
        {
            Server = "h",
            UserId = "u",
            MaximumPoolSize = 5,
            SslMode = MySqlSslMode.None,
        };

        var reparsed = new MySqlConnectionStringBuilder(builder.ConnectionString);
        Assert.Equal(5u, reparsed.MaximumPoolSize);
        Assert.Equal(MySqlSslMode.None, reparsed.SslMode);
        Assert.Contains("Maximum Pool Size=5", builder.ConnectionString, StringComparison.Ordinal);
    }
}

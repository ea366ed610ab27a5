using System.Data;
using Recorder.Infrastructure.Persistence.MySql;

namespace Recorder.UnitTests.Persistence.MySql;

public class MySqlCommandTests
{
    [Fact]
    public async Task Executing_without_an_open_connection_is_an_error()
    {
        await using var command = new MySqlCommand("SELECT 1");
        await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteNonQueryAsync());

        await using var connection = new MySqlConnection("Server=127.0.0.1;User ID=u");
        command.Connection = connection;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => command.ExecuteScalarAsync());
        Assert.Contains("open", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_text_commands_are_supported()
    {
        using var command = new MySqlCommand();

        Assert.Throws<NotSupportedException>(() => command.CommandType = CommandType.StoredProcedure);
        Assert.Equal(CommandType.Text, command.CommandType);
    }

    [Fact]
    public void Command_timeout_defaults_to_the_connection_string_and_rejects_negative_values()
    {
        using var connection = new MySqlConnection("Server=127.0.0.1;Default Command Timeout=12");
        using var command = connection.CreateCommand();

        Assert.Equal(12, command.CommandTimeout);
        command.CommandTimeout = 0;
        Assert.Equal(0, command.CommandTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => command.CommandTimeout = -1);
    }

    [Fact]
    public void A_closed_connection_reports_its_settings_without_connecting()
    {
        using var connection = new MySqlConnection("Host=db.example;Port=3310;Database=app;Uid=u;Pwd=secret-value");

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Equal("db.example:3310", connection.DataSource);
        Assert.Equal("app", connection.Database);
        Assert.Throws<InvalidOperationException>(() => connection.ServerVersion);
    }

    [Fact]
    public void The_provider_factory_creates_this_providers_types()
    {
        var factory = MySqlProviderFactory.Instance;

        Assert.IsType<MySqlConnection>(factory.CreateConnection());
        Assert.IsType<MySqlCommand>(factory.CreateCommand());
        Assert.IsType<MySqlParameter>(factory.CreateParameter());
        Assert.IsType<MySqlConnectionStringBuilder>(factory.CreateConnectionStringBuilder());
    }
}

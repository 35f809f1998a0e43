using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class WidgetLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WidgetSessionId",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WidgetEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CallbackId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimedCallbackId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Metadata = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    Origin = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    CaptchaShown = table.Column<bool>(type: "INTEGER", nullable: false),
                    Proactive = table.Column<bool>(type: "INTEGER", nullable: false),
                    SubmitAttempts = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidationErrors = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WidgetEvents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_WidgetSessionId",
                table: "Callbacks",
                column: "WidgetSessionId");

            migrationBuilder.CreateIndex(
                name: "IX_WidgetEvents_CallbackId",
                table: "WidgetEvents",
                column: "CallbackId");

            migrationBuilder.CreateIndex(
                name: "IX_WidgetEvents_ReceivedAt",
                table: "WidgetEvents",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WidgetEvents_ServiceId_At",
                table: "WidgetEvents",
                columns: new[] { "ServiceId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_WidgetEvents_SessionId",
                table: "WidgetEvents",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WidgetEvents");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_WidgetSessionId",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "WidgetSessionId",
                table: "Callbacks");
        }
    }
}

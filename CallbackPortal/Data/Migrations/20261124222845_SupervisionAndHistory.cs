using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionAndHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "WaitHistogram",
                table: "DailyServiceStats",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Disposition",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DispositionNotes",
                table: "Callbacks",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NotReadyAfterCall",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RuleRefusalStats",
                columns: table => new
                {
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RuleRefusalStats", x => new { x.ServiceId, x.Hour, x.Rule });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_DesiredTime",
                table: "Callbacks",
                column: "DesiredTime");

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_PhoneNumber",
                table: "Callbacks",
                column: "PhoneNumber");

            migrationBuilder.CreateIndex(
                name: "IX_RuleRefusalStats_Hour",
                table: "RuleRefusalStats",
                column: "Hour");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RuleRefusalStats");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_DesiredTime",
                table: "Callbacks");

            migrationBuilder.DropIndex(
                name: "IX_Callbacks_PhoneNumber",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "WaitHistogram",
                table: "DailyServiceStats");

            migrationBuilder.DropColumn(
                name: "Disposition",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "DispositionNotes",
                table: "Callbacks");

            migrationBuilder.DropColumn(
                name: "NotReadyAfterCall",
                table: "Agents");
        }
    }
}

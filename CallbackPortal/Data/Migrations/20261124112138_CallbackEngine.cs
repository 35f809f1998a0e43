using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallbackPortal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallbackEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Agents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Presence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PresenceSince = table.Column<long>(type: "INTEGER", nullable: false),
                    IdleSince = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentCallbackId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Skills = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Callbacks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ReasonDetail = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: true),
                    UserData = table.Column<string>(type: "TEXT", nullable: false),
                    IsImmediate = table.Column<bool>(type: "INTEGER", nullable: false),
                    DesiredTime = table.Column<long>(type: "INTEGER", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WaitingSince = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RoutingAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ProcessingAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EwtAtOffer = table.Column<int>(type: "INTEGER", nullable: true),
                    PositionAtOffer = table.Column<int>(type: "INTEGER", nullable: true),
                    EwtAtDial = table.Column<int>(type: "INTEGER", nullable: true),
                    PositionAtDial = table.Column<int>(type: "INTEGER", nullable: true),
                    AccessTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AttemptCount = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviewRejects = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectedByAgents = table.Column<string>(type: "TEXT", nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ClaimExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Callbacks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CallbackServices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    DefaultCountry = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    CallerId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Greeting = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DialMode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PreviewEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreviewTimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    PreviewMaxRejects = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxDialAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    RetryIntervalSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    MachineTreatment = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    RingTimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    WrapUpSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeToLiveSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmitBufferSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    HorizonDays = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectImmediateOutsideHours = table.Column<bool>(type: "INTEGER", nullable: false),
                    MaxQueued = table.Column<int>(type: "INTEGER", nullable: false),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    PushThresholdSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Paused = table.Column<bool>(type: "INTEGER", nullable: false),
                    PausedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Capacity = table.Column<string>(type: "TEXT", nullable: false),
                    RequiredSkills = table.Column<string>(type: "TEXT", nullable: true),
                    Schedule = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackServices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DailyServiceStats",
                columns: table => new
                {
                    ServiceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Offered = table.Column<int>(type: "INTEGER", nullable: false),
                    Immediate = table.Column<int>(type: "INTEGER", nullable: false),
                    Scheduled = table.Column<int>(type: "INTEGER", nullable: false),
                    Connected = table.Column<int>(type: "INTEGER", nullable: false),
                    Unreachable = table.Column<int>(type: "INTEGER", nullable: false),
                    TimedOut = table.Column<int>(type: "INTEGER", nullable: false),
                    Cancelled = table.Column<int>(type: "INTEGER", nullable: false),
                    OtherCompleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalWaitToConnectSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    ConnectedWithinPromise = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DailyServiceStats", x => new { x.ServiceId, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "CallbackEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CallbackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ToState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CallbackEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CallbackEvents_Callbacks_CallbackId",
                        column: x => x.CallbackId,
                        principalTable: "Callbacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DialAttempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CallbackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AgentFirst = table.Column<bool>(type: "INTEGER", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProviderCallId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConnectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    TalkSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AnsweredBy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DialAttempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DialAttempts_Callbacks_CallbackId",
                        column: x => x.CallbackId,
                        principalTable: "Callbacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agents_Presence",
                table: "Agents",
                column: "Presence");

            migrationBuilder.CreateIndex(
                name: "IX_Agents_UserId",
                table: "Agents",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_CallbackEvents_CallbackId_At",
                table: "CallbackEvents",
                columns: new[] { "CallbackId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_CompletedAt",
                table: "Callbacks",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_CreatedAt",
                table: "Callbacks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_PhoneNumber_ServiceId",
                table: "Callbacks",
                columns: new[] { "PhoneNumber", "ServiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_ServiceId_State_Priority_WaitingSince",
                table: "Callbacks",
                columns: new[] { "ServiceId", "State", "Priority", "WaitingSince" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_DueAt",
                table: "Callbacks",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Callbacks_State_ExpiresAt",
                table: "Callbacks",
                columns: new[] { "State", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CallbackServices_Key",
                table: "CallbackServices",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DialAttempts_CallbackId",
                table: "DialAttempts",
                column: "CallbackId");

            migrationBuilder.CreateIndex(
                name: "IX_DialAttempts_IdempotencyKey",
                table: "DialAttempts",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DialAttempts_ProviderCallId",
                table: "DialAttempts",
                column: "ProviderCallId");

            migrationBuilder.CreateIndex(
                name: "IX_DialAttempts_Stage",
                table: "DialAttempts",
                column: "Stage");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agents");

            migrationBuilder.DropTable(
                name: "CallbackEvents");

            migrationBuilder.DropTable(
                name: "CallbackServices");

            migrationBuilder.DropTable(
                name: "DailyServiceStats");

            migrationBuilder.DropTable(
                name: "DialAttempts");

            migrationBuilder.DropTable(
                name: "Callbacks");
        }
    }
}
